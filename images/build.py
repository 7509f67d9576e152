#!/usr/bin/env python3
"""Daemonless builder of Snaplife's image tars (docker-save format, what `docker load` reads).

  python3 images/build.py base      -> target/images/base.tar      (the services' base; Jib builds on it)
  python3 images/build.py emulator  -> target/images/emulator.tar  (snaplife/emulator:<version>)

No Docker engine is needed: the Debian userland comes from debootstrap (run as root, reaches a Debian
mirror), the Java runtime is jlinked from the JDK in JAVA_HOME, and the tars are written here with
tarfile. Root filesystems are cached under SNAPLIFE_IMAGE_CACHE (default ~/.cache/snaplife/images),
keyed by everything that goes into them (suite, packages, this file, the JDK's release file, the
emulator's requirements), so a rebuild with unchanged inputs only re-packs.

The base for the five services is one image for all of them: bookworm minbase with ca-certificates
and curl (the health checks), postgresql-client and mariadb-client (archive-service's pg_dump,
pg_restore, psql, mariadb-dump, mariadb), the jlinked runtime under /opt/java and a non-root user
snaplife (10001). The emulator image is bookworm minbase with python3, a virtualenv under /opt/venv
holding local-aws/emulator/requirements.txt pinned by constraints.txt, and the launcher's scripts
under /app/emulator.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "images")
CACHE = os.environ.get("SNAPLIFE_IMAGE_CACHE", os.path.expanduser("~/.cache/snaplife/images"))
SUITE = "bookworm"
MIRROR = os.environ.get("SNAPLIFE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
UID = GID = 10001
USER = "snaplife"

BASE_PACKAGES = ["ca-certificates", "curl", "postgresql-client", "mariadb-client"]
EMULATOR_PACKAGES = ["ca-certificates", "curl", "python3", "python3-venv"]
# The modules the services need (research notes, issue 11): about 95 MB stripped.
JAVA_MODULES = [
    "java.base", "java.logging", "java.sql", "java.naming", "java.management", "java.net.http",
    "jdk.crypto.ec", "java.desktop", "java.instrument", "jdk.unsupported", "java.security.jgss",
    "jdk.management",
]
# Left out of the layers: apt's downloads and indexes, documentation, and what a runtime mounts.
PRUNE = ["var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man",
         "usr/share/info", "usr/share/locale", "dev", "proc", "sys", "run", "tmp", "var/log"]
PATH = "/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def log(msg):
    print(f"[images] {msg}", file=sys.stderr, flush=True)


def project_version():
    with open(os.path.join(ROOT, "pom.xml"), encoding="utf-8") as f:
        pom = f.read()
    pom = re.sub(r"<parent>.*?</parent>", "", pom, flags=re.S)
    return re.search(r"<version>([^<]+)</version>", pom).group(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def key_of(*parts):
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def run(*cmd, **kw):
    subprocess.run(list(cmd), check=True, **kw)


def debootstrap(target, packages):
    if os.geteuid() != 0:
        sys.exit("[images] debootstrap needs root (or a cached root filesystem under " + CACHE + ")")
    if not shutil.which("debootstrap"):
        sys.exit("[images] debootstrap is missing: apt-get install debootstrap")
    log(f"debootstrap --variant=minbase {SUITE} with {','.join(packages)}")
    with open(target + ".log", "w") as logf:
        run("debootstrap", "--variant=minbase", "--include=" + ",".join(packages),
            SUITE, target, MIRROR, stdout=logf, stderr=subprocess.STDOUT)


def add_user(rootfs, home):
    with open(os.path.join(rootfs, "etc/passwd"), "a") as f:
        f.write(f"{USER}:x:{UID}:{GID}:Snaplife:{home}:/usr/sbin/nologin\n")
    with open(os.path.join(rootfs, "etc/group"), "a") as f:
        f.write(f"{USER}:x:{GID}:\n")
    shadow = os.path.join(rootfs, "etc/shadow")
    if os.path.exists(shadow):
        with open(shadow, "a") as f:
            f.write(f"{USER}:!:19000:0:99999:7:::\n")


def prune(rootfs):
    for rel in PRUNE:
        path = os.path.join(rootfs, rel)
        if os.path.isdir(path) and not os.path.islink(path):
            for name in os.listdir(path):
                child = os.path.join(path, name)
                if os.path.isdir(child) and not os.path.islink(child):
                    shutil.rmtree(child)
                else:
                    os.unlink(child)
    os.chmod(os.path.join(rootfs, "tmp"), 0o1777)


def layer_tar(src, dest):
    """A layer: the tree under src as /, numeric owners kept, fixed mtimes (reproducible)."""

    def clean(info):
        info.mtime = 1767225600  # 2026-01-01, as the jars' outputTimestamp
        info.uname = info.gname = ""
        return info

    with tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as tar:
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames.sort()
            rel = os.path.relpath(dirpath, src)
            if rel != ".":
                tar.add(dirpath, arcname=rel, recursive=False, filter=clean)
            for name in sorted(filenames) + sorted(d for d in dirnames if os.path.islink(os.path.join(dirpath, d))):
                full = os.path.join(dirpath, name)
                tar.add(full, arcname=os.path.normpath(os.path.join(rel, name)), recursive=False, filter=clean)


def write_image(dest, tag, layers, config):
    """A docker-save tar (manifest.json, config, one uncompressed tar per layer)."""
    tmp = dest + ".tmp"
    diff_ids = [sha256_file(layer) for layer in layers]
    image_config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "2026-01-01T00:00:00Z",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in diff_ids]},
        "history": [{"created": "2026-01-01T00:00:00Z", "created_by": f"images/build.py layer {i}"}
                    for i in range(len(layers))],
    }
    config_bytes = json.dumps(image_config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": [tag],
                 "Layers": [f"{d}/layer.tar" for d in diff_ids]}]

    def entry(name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 1767225600
        return info, io.BytesIO(data)

    with tarfile.open(tmp, "w") as out:
        out.addfile(*entry(config_name, config_bytes))
        for layer, digest in zip(layers, diff_ids):
            info = out.gettarinfo(layer, arcname=f"{digest}/layer.tar")
            info.mtime, info.uid, info.gid, info.uname, info.gname = 1767225600, 0, 0, "", ""
            with open(layer, "rb") as f:
                out.addfile(info, f)
        out.addfile(*entry("manifest.json", json.dumps(manifest).encode()))
        out.addfile(*entry("repositories", json.dumps(
            {tag.rsplit(":", 1)[0]: {tag.rsplit(":", 1)[1]: diff_ids[-1]}}).encode()))
    os.replace(tmp, dest)


def publish(cached, name):
    """target/images/<name> is a hard link to (or copy of) the cached tar."""
    os.makedirs(OUT, exist_ok=True)
    dest = os.path.join(OUT, name)
    if os.path.lexists(dest):
        os.unlink(dest)
    try:
        os.link(cached, dest)
    except OSError:
        shutil.copyfile(cached, dest)
    log(f"{os.path.relpath(dest, ROOT)} ({os.path.getsize(dest) / 1e6:.0f} MB)")


def java_home():
    home = os.environ.get("JAVA_HOME")
    if not home or not os.path.exists(os.path.join(home, "bin", "jlink")):
        sys.exit("[images] JAVA_HOME must be a JDK with jlink (scripts/images.sh selects one)")
    return home


def build_base():
    home = java_home()
    with open(os.path.join(home, "release"), "rb") as f:
        release = f.read()
    key = key_of("base", SUITE, MIRROR, BASE_PACKAGES, JAVA_MODULES, release)
    cached = os.path.join(CACHE, f"base-{key}.tar")
    if not os.path.exists(cached):
        started = time.monotonic()
        os.makedirs(CACHE, exist_ok=True)
        work = tempfile.mkdtemp(prefix="base-", dir=CACHE)
        try:
            rootfs = os.path.join(work, "rootfs")
            debootstrap(rootfs, BASE_PACKAGES)
            add_user(rootfs, "/app")
            os.makedirs(os.path.join(rootfs, "app"))
            os.chown(os.path.join(rootfs, "app"), UID, GID)
            prune(rootfs)
            java = os.path.join(work, "java")
            log("jlink " + ",".join(JAVA_MODULES))
            run(os.path.join(home, "bin", "jlink"), "--add-modules", ",".join(JAVA_MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--output", os.path.join(java, "opt", "java"))
            layer_tar(rootfs, os.path.join(work, "userland.tar"))
            layer_tar(java, os.path.join(work, "java.tar"))
            write_image(cached, f"snaplife/base:{key}",
                        [os.path.join(work, "userland.tar"), os.path.join(work, "java.tar")],
                        {"Env": ["PATH=" + PATH, "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
                         "User": f"{UID}:{GID}", "WorkingDir": "/app", "Cmd": ["java", "-version"]})
            log(f"base built in {time.monotonic() - started:.0f}s")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"base from cache ({os.path.basename(cached)})")
    publish(cached, "base.tar")


def emulator_sources():
    src = os.path.join(ROOT, "local-aws", "emulator")
    return src, sorted(n for n in os.listdir(src) if n.endswith(".py") and not n.startswith("test_"))


def build_emulator():
    version = project_version()
    src, scripts = emulator_sources()
    with open(os.path.join(src, "requirements.txt"), "rb") as f:
        requirements = f.read()
    with open(os.path.join(src, "constraints.txt"), "rb") as f:
        constraints = f.read()
    # The userland with its virtualenv changes only with the pins; the scripts are a layer on top.
    rootfs_key = key_of("emulator-rootfs", SUITE, MIRROR, EMULATOR_PACKAGES, requirements, constraints)
    userland = os.path.join(CACHE, f"emulator-userland-{rootfs_key}.tar")
    if not os.path.exists(userland):
        started = time.monotonic()
        os.makedirs(CACHE, exist_ok=True)
        work = tempfile.mkdtemp(prefix="emulator-", dir=CACHE)
        try:
            rootfs = os.path.join(work, "rootfs")
            debootstrap(rootfs, EMULATOR_PACKAGES)
            add_user(rootfs, "/app")
            shutil.copyfile(os.path.join(src, "requirements.txt"), os.path.join(rootfs, "tmp/requirements.txt"))
            shutil.copyfile(os.path.join(src, "constraints.txt"), os.path.join(rootfs, "tmp/constraints.txt"))
            log("virtualenv /opt/venv with " + requirements.decode().replace("\n", " ").strip())
            # The wheels are fetched by this (host) Python's pip, with the host's index and
            # certificate settings, then installed offline in the chroot: nothing of the host's
            # configuration goes into the image. Debian bookworm's python3 is 3.11, as the host's must be.
            if sys.version_info[:2] != (3, 11):
                sys.exit("[images] run images/build.py with Python 3.11 (bookworm's python3 in the image)")
            wheels = os.path.join(rootfs, "tmp", "wheels")
            run(sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", wheels,
                "-r", os.path.join(src, "requirements.txt"), "-c", os.path.join(src, "constraints.txt"))
            env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_CACHE_DIR": "1"}
            run("chroot", rootfs, "/usr/bin/python3", "-m", "venv", "/opt/venv", env=env)
            run("chroot", rootfs, "/opt/venv/bin/pip", "install", "--quiet", "--no-index", "--find-links",
                "/tmp/wheels", "-r", "/tmp/requirements.txt", "-c", "/tmp/constraints.txt", env=env)
            # Compiled bytecode would otherwise be written at first import, as the non-root user: no.
            run("chroot", rootfs, "/opt/venv/bin/python", "-m", "compileall", "-q", "/opt/venv/lib", env=env,
                stdout=subprocess.DEVNULL)
            os.makedirs(os.path.join(rootfs, "app", "emulator"))
            os.chown(os.path.join(rootfs, "app"), UID, GID)
            prune(rootfs)
            layer_tar(rootfs, userland + ".tmp")
            os.replace(userland + ".tmp", userland)
            log(f"emulator userland built in {time.monotonic() - started:.0f}s")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"emulator userland from cache ({os.path.basename(userland)})")

    work = tempfile.mkdtemp(prefix="emulator-app-", dir=CACHE)
    try:
        app = os.path.join(work, "app", "app", "emulator")
        os.makedirs(app)
        for name in scripts:
            shutil.copyfile(os.path.join(src, name), os.path.join(app, name))
            os.chmod(os.path.join(app, name), 0o644)
        layer_tar(os.path.join(work, "app"), os.path.join(work, "app.tar"))
        os.makedirs(OUT, exist_ok=True)
        dest = os.path.join(OUT, "emulator.tar")
        write_image(dest, f"snaplife/emulator:{version}", [userland, os.path.join(work, "app.tar")], {
            "Env": ["PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LANG=C.UTF-8", "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1",
                    # moto's dummies: no real AWS account is reachable from the emulator.
                    "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-1"],
            "User": f"{UID}:{GID}",
            "WorkingDir": "/app/emulator",
            "ExposedPorts": {"4566/tcp": {}},
            "Entrypoint": ["/opt/venv/bin/python", "/app/emulator/snaplife_moto.py", "-H", "0.0.0.0", "-p", "4566"],
            "Labels": {"org.opencontainers.image.title": "snaplife-emulator",
                       "org.opencontainers.image.version": version},
        })
        log(f"{os.path.relpath(dest, ROOT)} ({os.path.getsize(dest) / 1e6:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="+", choices=["base", "emulator"])
    args = parser.parse_args()
    for what in args.what:
        {"base": build_base, "emulator": build_emulator}[what]()


if __name__ == "__main__":
    main()
