from cortazar_desk.domain.location import DRIVE_REMOTE, LocationKind, classify_posix, classify_windows

LOCAL_DRIVE = 3


def drive_types(mapping: dict[str, int]):  # stands in for GetDriveTypeW
    return lambda root: mapping.get(root.upper(), LOCAL_DRIVE)


def test_unc_paths_are_network() -> None:
    for path in (r"\\servidor\compartida\cortazar.sqlite", "//servidor/compartida/cortazar.sqlite",
                 r"\\?\UNC\servidor\c\cortazar.sqlite"):
        assert classify_windows(path, drive_types({})) is LocationKind.NETWORK


def test_mapped_network_drive_is_network() -> None:
    assert classify_windows(r"Z:\Comunicacion\cortazar.sqlite", drive_types({"Z:\\": DRIVE_REMOTE})) \
        is LocationKind.NETWORK
    assert classify_windows(r"C:\Datos\cortazar.sqlite", drive_types({"Z:\\": DRIVE_REMOTE})) is LocationKind.LOCAL


def test_cloud_sync_folders_on_windows() -> None:
    for path in (r"C:\Users\ana\OneDrive\cortazar.sqlite",
                 r"C:\Users\ana\OneDrive - Municipio de Cortazar\Datos\cortazar.sqlite",
                 r"C:\Users\ana\Dropbox\cortazar.sqlite",
                 r"G:\Mi unidad\cortazar.sqlite",
                 r"C:\Users\ana\iCloudDrive\cortazar.sqlite",
                 r"C:\Users\ana\Google Drive\cortazar.sqlite"):
        assert classify_windows(path, drive_types({})) is LocationKind.CLOUD_SYNC, path


def test_local_windows_paths() -> None:
    assert classify_windows(r"C:\Users\ana\AppData\Local\CortazarDesk\cortazar.sqlite", drive_types({})) \
        is LocationKind.LOCAL


MOUNTS = [("/", "ext4"), ("/mnt/oficina", "cifs"), ("/srv/nfs", "nfs4"), ("/home", "ext4"),
          ("/media/ana/USB", "vfat")]


def test_posix_network_mounts() -> None:
    assert classify_posix("/mnt/oficina/cortazar.sqlite", MOUNTS) is LocationKind.NETWORK
    assert classify_posix("/srv/nfs/a/b.sqlite", MOUNTS) is LocationKind.NETWORK
    assert classify_posix("/mnt/oficinas/cortazar.sqlite", MOUNTS) is LocationKind.LOCAL  # prefix, not a parent
    assert classify_posix("/home/ana/.local/share/cortazardesk/cortazar.sqlite", MOUNTS) is LocationKind.LOCAL


def test_posix_cloud_folder() -> None:
    assert classify_posix("/home/ana/Dropbox/cortazar.sqlite", MOUNTS) is LocationKind.CLOUD_SYNC
