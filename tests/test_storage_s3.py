"""Uploads in S3-compatible object storage: django-storages against moto's S3 server on loopback."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from fansite.backup import create_backup, media_files, restore_backup
from tests.netutil import free_port

pytestmark = pytest.mark.django_db

BUCKET = "fansite-media"
CREDENTIALS = {"access_key": "test-access-key", "secret_key": "test-secret-key", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"], region_name=CREDENTIALS["region_name"],
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_settings(settings, s3_endpoint):
    """The same STORAGES the settings module builds when AWS_STORAGE_BUCKET_NAME is set."""
    location = f"media-{free_port()}"  # a fresh key prefix per test: nothing left over from another
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "location": location,
                        "file_overwrite": False, "default_acl": None, **CREDENTIALS},
        },
    }
    return settings


def jpeg_bytes(colour="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_store_and_read_back_through_the_storage_api(s3_settings, s3_endpoint):
    content = jpeg_bytes()
    name = default_storage.save("photos/hall.jpg", ContentFile(content))
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert default_storage.exists(name) and default_storage.size(name) == len(content)
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == content
    assert default_storage.url(name).startswith(f"{s3_endpoint}/{BUCKET}/")
    # No overwrite: a second upload of the same name gets its own key.
    assert default_storage.save("photos/hall.jpg", ContentFile(b"other")) != name
    default_storage.delete(name)
    assert not default_storage.exists(name)


def test_model_image_goes_to_the_bucket(s3_settings, s3_endpoint, client):
    import urllib.request

    from tests.factories import make_profile

    profile = make_profile()
    profile.portrait.save("portrait.jpg", ContentFile(jpeg_bytes("maroon")), save=True)
    assert profile.portrait.name.startswith("portraits/")
    with default_storage.open(profile.portrait.name, "rb") as stored:
        stored_bytes = stored.read()  # re-encoded by fansite/images/hardening.py, so not the uploaded bytes
    with urllib.request.urlopen(profile.portrait.url, timeout=10) as response:  # the signed URL works
        assert response.read() == stored_bytes
    assert profile.portrait.width == 40  # Pillow reads it back from S3
    # The page shows renditions, which were written to the bucket too.
    bucket_prefix = f"{s3_endpoint}/{BUCKET}/{s3_settings.STORAGES['default']['OPTIONS']['location']}/renditions/"
    assert f'src="{bucket_prefix}' in client.get("/en/about/").content.decode()


def test_backup_and_restore_read_and_write_media_through_s3(s3_settings, tmp_path):
    from profiles.models import Photo

    for n, colour in enumerate(["red", "green", "blue"]):
        Photo.objects.create(image=default_storage.save(f"photos/p{n}.jpg", ContentFile(jpeg_bytes(colour))),
                             alt_text=f"Photo {n}")
    archive, manifest = create_backup(tmp_path / "backup.tar.gz")
    # The originals and every rendition made from them: exactly what the bucket holds.
    assert {"photos/p0.jpg", "photos/p1.jpg", "photos/p2.jpg"} < set(manifest["files"])
    assert sorted(manifest["files"]) == sorted(media_files())

    # Into a fresh, empty prefix of the bucket, with the database emptied as on a new deployment.
    expected = {name: default_storage.open(name).read() for name in media_files()}
    Photo.objects.all().delete()
    Photo.history.all().delete()  # the revisions the deletion just wrote: the database must be empty
    s3_settings.STORAGES["default"]["OPTIONS"]["location"] = f"restored-{free_port()}"
    s3_settings.STORAGES = dict(s3_settings.STORAGES)
    assert list(media_files()) == []
    restore_backup(archive)
    assert {name: default_storage.open(name).read() for name in media_files()} == expected
    assert Photo.objects.count() == 3
