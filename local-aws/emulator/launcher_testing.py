"""Test harness: a launcher subprocess on a free port (one per test process), boto3 clients for
it, each test in a fresh account of its own (12-digit access keys, see accounts.py), and JSON
calls to the control endpoints."""

import atexit
import itertools
import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

REGION = "us-east-1"
_accounts = itertools.count(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=10.0, interval=0.1, message="condition never held"):
    """condition()'s first truthy value, polling until timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(interval)


class Launcher:
    """A launcher subprocess on a free port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        launcher = Path(__file__).with_name("snaplife_moto.py")
        env = {k: v for k, v in os.environ.items() if k != "MOTO_ACCOUNT_ID"}
        self.process = subprocess.Popen(
            [sys.executable, str(launcher), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/moto-api/snaplife/info", timeout=2)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_shared = None


def shared_launcher():
    """One launcher for every test class of this process (starting one takes seconds), stopped
    when the process exits. Tests keep apart by their own accounts; global settings (fault
    rules, the alarm interval, state-manager transitions) are put back by the tests that
    change them."""
    global _shared
    if _shared is None:
        _shared = Launcher()
        atexit.register(_shared.stop)
    return _shared


class LauncherTestCase(unittest.TestCase):
    """Runs against the shared launcher; self.account is a fresh account per test."""

    @classmethod
    def setUpClass(cls):
        launcher = shared_launcher()
        cls.port, cls.url = launcher.port, launcher.url

    def setUp(self):
        # Unique across test classes too: the pid keeps parallel runs apart.
        self.account = f"{os.getpid() % 10**6:06d}{next(_accounts):06d}"

    def client(self, service, account=None, region=REGION, attempts=1, **config):
        """A boto3 client in self.account that tries each call `attempts` times in all."""
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id=account or self.account,
            aws_secret_access_key="test",
            config=Config(retries={"total_max_attempts": attempts, "mode": "standard"}, **config),
        )

    def api(self, method, path, body=None, expect=200):
        """Calls /moto-api/snaplife/<path>; the decoded JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/moto-api/snaplife/{path}", data=data, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        self.assertEqual(status, expect, raw)
        return json.loads(raw)
