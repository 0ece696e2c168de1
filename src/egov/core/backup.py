"""The stored files' half of a backup (deploy/backup.sh, docs/decisions/0033): every file the
database refers to, read through the storage in use (local disk or an S3-compatible store), in one
tar archive with a manifest of their SHA-256; and back, into an empty storage, checked.

The database is dumped first (pg_dump), the files then: a file is stored before the row that
refers to it is committed and never changed afterwards, so every file the dump refers to is in the
archive (a few newer ones may be too).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

MANIFEST = "MANIFEST.json"


def referenced_files() -> Iterator[tuple[str, str]]:
    """(model label, stored name) of every file a row refers to, each name once."""
    seen = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model_field.concrete:
                names = model._default_manager.exclude(**{model_field.name: ""}).values_list(
                    model_field.name, flat=True
                )
                for name in names.iterator(chunk_size=2000):
                    if name and name not in seen:
                        seen.add(name)
                        yield model._meta.label, name


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Result:
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)  # referenced by a row, not in the storage / archive
    damaged: list[str] = field(default_factory=list)  # content differs from the manifest


def export_files(path: Path) -> Result:
    result, manifest = Result(), {}
    with tarfile.open(path, "w") as archive:
        for label, name in referenced_files():
            try:
                with default_storage.open(name, "rb") as stored:
                    data = stored.read()
            except FileNotFoundError:
                result.missing.append(f"{label}: {name}")
                continue
            info = tarfile.TarInfo(f"files/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            manifest[name] = _sha256(data)
            result.files += 1
            result.bytes += len(data)
        body = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        archive.addfile(info, io.BytesIO(body))
    return result


def import_files(path: Path) -> Result:
    """Every file of the archive into the storage under its own name, checked against the manifest;
    then every file the database refers to must be there."""
    result = Result()
    with tarfile.open(path, "r") as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        for member in archive:
            if not member.isfile() or not member.name.startswith("files/"):
                continue
            name = member.name.removeprefix("files/")
            data = archive.extractfile(member).read()
            if manifest.get(name) != _sha256(data):
                result.damaged.append(name)
                continue
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as stored:
                    if _sha256(stored.read()) != manifest[name]:
                        result.damaged.append(name)
                continue
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:  # the storage renamed it: rows would not find it
                result.damaged.append(name)
                continue
            result.files += 1
            result.bytes += len(data)
    result.missing = [f"{label}: {name}" for label, name in referenced_files() if not default_storage.exists(name)]
    return result
