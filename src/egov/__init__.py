"""E-government platform for Vietnamese provincial agencies."""

from .celery import app as celery_app

__all__ = ("celery_app",)
