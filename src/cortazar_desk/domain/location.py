"""Where a SQLite file may live.

SQLite's own documentation warns that WAL does not work over a network file system, and sync clients (OneDrive,
Dropbox, Google Drive...) copy half-written files between machines. Either corrupts the office's data, so the app
refuses such locations for its SQLite file and points to PostgreSQL for several workstations.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from pathlib import PurePath, PureWindowsPath


class LocationKind(enum.Enum):
    LOCAL = "local"
    NETWORK = "network"
    CLOUD_SYNC = "cloud_sync"


# Folder names that sync clients create (Spanish variants included: "Mi unidad" is Google Drive's "My Drive").
CLOUD_FOLDER_PATTERNS = (
    r"^onedrive( - .*)?$",
    r"^dropbox( \(.*\))?$",
    r"^google ?drive$",
    r"^mi unidad$",
    r"^my drive$",
    r"^icloud ?drive$",
    r"^icloud~.*$",
    r"^mobile documents$",
    r"^box( sync)?$",
    r"^nextcloud$",
    r"^owncloud$",
    r"^pcloud ?drive$",
    r"^mega(sync)?$",
)
_CLOUD = [re.compile(p, re.IGNORECASE) for p in CLOUD_FOLDER_PATTERNS]

# Linux/macOS file systems that are not on this machine's disk.
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "fuse.sshfs", "fuse.rclone",
     "fuse.gvfsd-fuse", "davfs", "fuse.davfs2", "fuse.s3fs", "lustre", "webdav"}
)

# GetDriveTypeW returns DRIVE_REMOTE (4) for mapped network drives.
DRIVE_REMOTE = 4


def classify_windows(path: str, drive_type: Callable[[str], int]) -> LocationKind:
    """Classify a Windows path; ``drive_type`` is GetDriveTypeW (passed in so tests can stand in for the OS)."""
    win = PureWindowsPath(path)
    if path.startswith(("\\\\", "//")) or win.drive.startswith("\\\\"):
        return LocationKind.NETWORK
    if win.drive and drive_type(win.drive + "\\") == DRIVE_REMOTE:
        return LocationKind.NETWORK
    return _classify_by_folders(win.parts)


def classify_posix(path: str, mounts: Iterable[tuple[str, str]]) -> LocationKind:
    """Classify a POSIX path given ``(mount point, file system type)`` pairs, as /proc/mounts lists them."""
    best = ""
    best_type = ""
    for mount_point, fs_type in mounts:
        mp = mount_point.rstrip("/") or "/"
        if (path == mp or path.startswith(mp.rstrip("/") + "/")) and len(mp) >= len(best):
            best, best_type = mp, fs_type
    if best_type.lower() in NETWORK_FS_TYPES:
        return LocationKind.NETWORK
    return _classify_by_folders(PurePath(path).parts)


def _classify_by_folders(parts: Iterable[str]) -> LocationKind:
    for part in parts:
        if any(p.match(part) for p in _CLOUD):
            return LocationKind.CLOUD_SYNC
    return LocationKind.LOCAL
