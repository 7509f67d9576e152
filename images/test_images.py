"""The built image tars and compose.yaml, checked without a Docker engine.

Run after the images are built (scripts/test.sh does: images/build.py, then ./mvnw verify -Pimages):
  .venv/bin/python -m unittest discover -s images -p 'test_*.py'
A missing tar is a failure, never a skip.
"""

import functools
import json
import os
import re
import tarfile
import unittest

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ["snapshot-service", "replication-service", "export-service", "archive-service", "notifier-service"]
APPLICATIONS = {
    "snapshot-service": "dev/snaplife/snapshot/SnapshotServiceApplication",
    "replication-service": "dev/snaplife/replication/ReplicationServiceApplication",
    "export-service": "dev/snaplife/export/ExportServiceApplication",
    "archive-service": "dev/snaplife/archive/ArchiveServiceApplication",
    "notifier-service": "dev/snaplife/notifier/NotifierServiceApplication",
}
DATABASE_TOOLS = ["usr/bin/pg_dump", "usr/bin/pg_restore", "usr/bin/psql", "usr/bin/mariadb-dump", "usr/bin/mariadb"]
DEBIAN_TOOLS = ["usr/bin/curl", "etc/ssl/certs/ca-certificates.crt"]


def project_version():
    with open(os.path.join(ROOT, "pom.xml"), encoding="utf-8") as f:
        pom = re.sub(r"<parent>.*?</parent>", "", f.read(), flags=re.S)
    return re.search(r"<version>([^<]+)</version>", pom).group(1)


VERSION = project_version()


@functools.lru_cache(maxsize=None)
def _layer_index(tar_path, layer_name):
    """Paths in one layer -> (type, link target); regular files' bodies are read on demand."""
    with tarfile.open(tar_path) as image:
        with image.extractfile(layer_name) as raw, tarfile.open(fileobj=raw, mode="r|*") as layer:
            return {m.name.lstrip("./").rstrip("/"): (m.type, m.linkname, m.mode, m.uid) for m in layer}


class Image:
    def __init__(self, path):
        self.path = path
        with tarfile.open(path) as image:
            self.manifest = json.load(image.extractfile("manifest.json"))
            assert len(self.manifest) == 1, "one image per tar"
            self.config = json.load(image.extractfile(self.manifest[0]["Config"]))
        self.tags = self.manifest[0]["RepoTags"]
        self.layers = self.manifest[0]["Layers"]
        self.files = {}
        for layer in self.layers:  # later layers win
            self.files.update(_layer_index(path, layer))

    def read(self, name):
        for layer in reversed(self.layers):
            if name in _layer_index(self.path, layer):
                with tarfile.open(self.path) as image:
                    with image.extractfile(layer) as raw, tarfile.open(fileobj=raw, mode="r|*") as inner:
                        for member in inner:
                            if member.name.lstrip("./") == name:
                                return inner.extractfile(member).read()
        raise KeyError(name)

    def resolve(self, name):
        """Follows symbolic links inside the image, at every component (merged /usr: lib -> usr/lib)."""
        parts, resolved, hops = name.split("/"), [], 0
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                resolved = resolved[:-1]
                continue
            candidate = "/".join(resolved + [part])
            entry = self.files.get(candidate)
            if entry is not None and entry[0] == tarfile.SYMTYPE:
                hops += 1
                if hops > 20:
                    raise AssertionError(f"symbolic link loop at {name}")
                target = entry[1]
                if target.startswith("/"):
                    resolved = []
                parts = target.split("/") + parts
            else:
                resolved.append(part)
        return "/".join(resolved)

    def has_file(self, name):
        entry = self.files.get(self.resolve(name))
        return entry is not None and entry[0] in (tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.LNKTYPE)

    def env(self):
        return dict(e.split("=", 1) for e in self.config["config"].get("Env") or [])


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """(name, version) of each name==version line, extras dropped."""
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                yield normalize(name.split("[")[0].strip()), version.split(";")[0].strip()


def open_image(test, path):
    test.assertTrue(os.path.isfile(path), f"{os.path.relpath(path, ROOT)} is missing: build it with scripts/images.sh")
    return Image(path)


class ServiceImagesTest(unittest.TestCase):
    def test_every_service_image(self):
        with open(os.path.join(ROOT, "scripts", "service-jvm.options"), "rb") as f:
            jvm_options = f.read()
        for service in SERVICES:
            with self.subTest(service=service):
                image = open_image(self, os.path.join(ROOT, service, "target", "jib-image.tar"))
                config = image.config["config"]
                self.assertEqual([f"snaplife/{service}:{VERSION}"], image.tags)
                self.assertEqual("amd64", image.config["architecture"])
                self.assertEqual(["java", "@/app/service-jvm.options", "-cp", "@/app/jib-classpath-file",
                                  "@/app/jib-main-class-file"], config["Entrypoint"])
                self.assertFalse(config.get("Cmd"))
                self.assertIn("8080/tcp", config.get("ExposedPorts") or {})
                self.assertEqual("10001:10001", config.get("User"))
                env = image.env()
                self.assertEqual("8080", env.get("SERVER_PORT"))
                self.assertEqual("/opt/java", env.get("JAVA_HOME"))
                self.assertTrue(env.get("PATH", "").startswith("/opt/java/bin:"), env.get("PATH"))
                # The user exists in the image and is not root.
                passwd = image.read("etc/passwd").decode()
                self.assertRegex(passwd, r"(?m)^snaplife:x:10001:10001:")
                # The runtime, the tools the health check and archive-service call.
                self.assertTrue(image.has_file("opt/java/bin/java"))
                self.assertTrue(image.has_file("opt/java/lib/modules"))
                self.assertTrue(image.has_file("lib/x86_64-linux-gnu/libc.so.6"))
                for tool in DEBIAN_TOOLS:
                    self.assertTrue(image.has_file(tool), tool)
                if service == "archive-service":
                    for tool in DATABASE_TOOLS:
                        self.assertTrue(image.has_file(tool), tool)
                # The JVM options are the project's file, byte for byte.
                self.assertEqual(jvm_options, image.read("app/service-jvm.options"))
                # The application: its main class, its classes, its libraries on the class path.
                main_class = image.read("app/jib-main-class-file").decode().strip()
                self.assertEqual(APPLICATIONS[service].replace("/", "."), main_class)
                # Built from this build's classes, not a stale tar.
                with open(os.path.join(ROOT, service, "target", "classes", APPLICATIONS[service] + ".class"), "rb") as f:
                    self.assertEqual(f.read(), image.read(f"app/classes/{APPLICATIONS[service]}.class"))
                self.assertTrue(any(re.fullmatch(r"app/libs/spring-boot-\d[^/]*\.jar", f) for f in image.files))
                self.assertTrue(any(re.fullmatch(r"app/libs/service-platform-[^/]*\.jar", f) for f in image.files))
                classpath = image.read("app/jib-classpath-file").decode()
                self.assertIn("/app/classes", classpath)
                self.assertIn("/app/libs/", classpath)


class EmulatorImageTest(unittest.TestCase):
    def test_emulator_image(self):
        image = open_image(self, os.path.join(ROOT, "target", "images", "emulator.tar"))
        config = image.config["config"]
        self.assertEqual([f"snaplife/emulator:{VERSION}"], image.tags)
        self.assertEqual(["/opt/venv/bin/python", "/app/emulator/snaplife_moto.py", "-H", "0.0.0.0", "-p", "4566"],
                         config["Entrypoint"])
        self.assertIn("4566/tcp", config.get("ExposedPorts") or {})
        self.assertEqual("10001:10001", config.get("User"))
        self.assertRegex(image.read("etc/passwd").decode(), r"(?m)^snaplife:x:10001:10001:")
        self.assertTrue(image.has_file("opt/venv/bin/python"))
        self.assertTrue(image.has_file("usr/bin/curl"))
        # The venv holds what requirements.txt names, at the versions constraints.txt pins.
        site = "opt/venv/lib/python3.11/site-packages"
        emulator = os.path.join(ROOT, "local-aws", "emulator")
        installed = {}
        for f in image.files:
            match = re.fullmatch(re.escape(site) + r"/([^/-]+)-([^/-]+)\.dist-info", f)
            if match:
                installed[normalize(match.group(1))] = match.group(2)
        for file in ("requirements.txt", "constraints.txt"):
            for name, version in pins(os.path.join(emulator, file)):
                if file == "requirements.txt":
                    self.assertIn(name, installed, f"{name} in the venv")
                if name in installed:
                    self.assertEqual(version, installed[name], f"{name} pinned by {file}")
        # The launcher's scripts, the same bytes as in the repository.
        for name in os.listdir(emulator):
            if name.endswith(".py") and not name.startswith("test_"):
                with open(os.path.join(emulator, name), "rb") as f:
                    self.assertEqual(f.read(), image.read(f"app/emulator/{name}"), name)


class ComposeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ROOT, "compose.yaml")) as f:
            cls.compose = yaml.safe_load(f)
        cls.services = cls.compose["services"]

    def test_services_present_with_built_images(self):
        expected = {"emulator", "provision", "postgres", "mariadb", *SERVICES}
        self.assertEqual(expected, set(self.services))
        self.assertEqual(f"snaplife/emulator:{VERSION}", self.services["emulator"]["image"])
        for service in SERVICES:
            self.assertEqual(f"snaplife/{service}:{VERSION}", self.services[service]["image"], service)
        self.assertTrue(self.services["provision"]["image"].startswith("snaplife/"))
        self.assertTrue(self.services["postgres"]["image"].startswith("postgres:"))
        self.assertTrue(self.services["mariadb"]["image"].startswith("mariadb:"))

    def test_healthchecks(self):
        for name in ["emulator", "postgres", "mariadb", *SERVICES]:
            health = self.services[name].get("healthcheck")
            self.assertTrue(health and health.get("test"), f"{name} has a healthcheck")
        for service in SERVICES:
            test = " ".join(self.services[service]["healthcheck"]["test"])
            self.assertIn("curl -fsS http://localhost:8080/actuator/health", test)
        self.assertIn("/moto-api/snaplife/info", " ".join(self.services["emulator"]["healthcheck"]["test"]))

    def test_start_order(self):
        self.assertEqual({"emulator": {"condition": "service_healthy"}}, self.services["provision"]["depends_on"])
        for service in SERVICES:
            depends = self.services[service]["depends_on"]
            self.assertEqual({"condition": "service_completed_successfully"}, depends.get("provision"), service)
        archive = self.services["archive-service"]["depends_on"]
        self.assertEqual({"condition": "service_healthy"}, archive.get("postgres"))
        self.assertEqual({"condition": "service_healthy"}, archive.get("mariadb"))

    def test_environment_conventions(self):
        for name in ["provision", *SERVICES]:
            env = self.services[name]["environment"]
            self.assertEqual("http://emulator:4566", env["AWS_ENDPOINT_URL"], name)
            self.assertEqual("snaplife", env["SNAPLIFE_ENVIRONMENT"], name)
            self.assertEqual("us-east-1", env["AWS_REGION"], name)
        for service in SERVICES:
            self.assertEqual("8080", str(self.services[service]["environment"]["SERVER_PORT"]), service)

    def test_provision_runs_the_local_aws_jar(self):
        provision = self.services["provision"]
        command = (provision.get("entrypoint") or []) + (provision.get("command") or [])
        self.assertEqual(["java", "-jar", "/snaplife/local-aws/target/local-aws-0.1.0-SNAPSHOT-exec.jar".replace(
            "0.1.0-SNAPSHOT", VERSION), "provision", "snaplife"], command)


if __name__ == "__main__":
    unittest.main()
