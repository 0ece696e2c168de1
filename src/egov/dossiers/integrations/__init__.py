"""Backends for outside systems used by dossiers (see egov.core.integrations)."""
