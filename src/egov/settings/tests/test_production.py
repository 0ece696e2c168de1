"""Production settings refuse to start on unsafe values, and take everything else from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
GOOD_SECRET = "x7#Vq9!pL2$mN4@rT6^wY8&zB1*cD3(eF5)gH7_jK9+lM0-nP2"


def start(**environment: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter, as a server process would."""
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="egov.settings.production", PYTHONPATH=str(ROOT / "src"), **environment)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.TIME_ZONE, s.LANGUAGE_CODE, "
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-only-insecure-key-never-use-in-production-0123456789"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "a" * 50}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET, "DEBUG": "1"}, "DEBUG"),
    ],
    ids=["no-secret", "short-secret", "dev-secret", "django-default-secret", "debug-on"],
)
def test_production_refuses_to_start(environment, message):
    result = start(**environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_starts_with_settings_from_the_environment():
    result = start(
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://egov:pw@db.example:5432/egov",
        ALLOWED_HOSTS="dichvucong.example.vn,egov.example.vn",
        REDIS_URL="redis://cache.example:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(None, 1) == [
        "django.db.backends.postgresql",
        "['dichvucong.example.vn', 'egov.example.vn'] Asia/Ho_Chi_Minh vi "
        "egov.core.cache.RedisCache redis://cache.example:6379/2\n",
    ]


def _production_env(**environment: str) -> dict[str, str]:
    """A server process's environment: production settings, a good secret, a database."""
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="egov.settings.production",
        PYTHONPATH=str(ROOT / "src"),
        SECRET_KEY=GOOD_SECRET,
        DATABASE_URL="postgres://egov:pw@db.example:5432/egov",
        **environment,
    )
    return env


def _production_value(expression: str, **environment: str) -> str:
    """What `expression` (of the settings `s`) prints in a fresh interpreter on production settings."""
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], env=_production_env(**environment), capture_output=True, text=True, cwd=ROOT,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def _database_options(**environment: str) -> str:
    return _production_value("s.DATABASES['default']['OPTIONS']", **environment)


def test_the_shared_caches_are_on_in_production():
    assert _production_value("s.EGOV_LOOKUP_CACHE_SECONDS, s.EGOV_QUEUE_COUNTS_CACHE_SECONDS") == "3600 300\n"
    assert _production_value("s.EGOV_LOOKUP_CACHE_SECONDS", EGOV_LOOKUP_CACHE_SECONDS="0") == "0\n"


def test_prepared_statements_are_on_by_default_and_can_be_turned_off():
    assert "'server_side_binding': True, 'prepare_threshold': 5" in _database_options()
    assert "prepare_threshold" not in _database_options(DB_PREPARE_THRESHOLD="")  # e.g. behind an old PgBouncer


def test_the_gunicorn_configuration_loads_the_application_with_its_environment():
    env = _production_env(GUNICORN_BIND="127.0.0.1:8100", GUNICORN_WORKERS="3", GUNICORN_WORKER_CONNECTIONS="16")
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", "deploy/gunicorn.conf.py", "egov.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr  # --print-config also imports egov.wsgi
    config = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    config = {key.strip(): value.strip() for key, value in config.items()}
    assert config["bind"] == "['127.0.0.1:8100']"
    assert (config["workers"], config["worker_connections"]) == ("3", "16")
    assert (config["worker_class"], config["threads"]) == ("gthread", "2")
    assert config["control_socket_disable"] == "True"


def test_production_reads_the_client_behind_one_proxy_unless_told_otherwise():
    # deploy/nginx/egov.conf is the one proxy; a load balancer in front of it makes two.
    assert _production_value("s.EGOV_TRUSTED_PROXIES") == "1\n"
    assert _production_value("s.EGOV_TRUSTED_PROXIES", EGOV_TRUSTED_PROXIES="2") == "2\n"
    assert _production_value("s.MIDDLEWARE[0]") == "egov.core.client_address.ClientAddressMiddleware\n"
