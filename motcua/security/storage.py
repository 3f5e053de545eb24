"""File storage that never leaves a half-written upload behind.

Django's `FileSystemStorage._save` creates the file and then writes it chunk by chunk; when the disk fills up (or
any other write error) half-way, the partial file stays on disk while the database transaction that would have
pointed at it is rolled back — an orphan that nothing references and that keeps the disk full. This subclass
removes the partial file before re-raising, so a failed upload leaves neither a row nor a file
(`bench/faults.py` fills the upload disk under load and checks it).
"""

from __future__ import annotations

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError as error:
            # FileExistsError: the name is taken (another file, not ours) or a directory is in the way
            if not isinstance(error, FileExistsError) and not existed and os.path.lexists(full_path):
                with contextlib.suppress(OSError):
                    os.remove(full_path)
            raise
