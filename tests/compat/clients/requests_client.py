# Python requests, with a Session that sends the key on every call, and
# error handling by status.
import os
import sys

import requests

BASE_URL = os.environ["KEYWARD_BASE_URL"]

session = requests.Session()
session.headers.update({"Authorization": f"Bearer {os.environ['KEYWARD_API_KEY']}"})

me = session.get(f"{BASE_URL}/api/v1/me", timeout=10)
me.raise_for_status()
print("OK requests /me", me.json()["name"])

created = session.post(f"{BASE_URL}/api/v1/resources", json={"name": "Python", "type": "compute", "config": {"cpu": 4}}, timeout=10)
if created.status_code != 201:
    sys.exit(f"create: {created.status_code} {created.text}")
resource = created.json()
print("OK requests create", resource["id"])

put = session.put(f"{BASE_URL}/api/v1/resources/{resource['id']}", json={"name": "Python renamed", "config": {"cpu": 8}}, timeout=10)
put.raise_for_status()
print("OK requests PUT", put.json()["config"])

deleted = session.delete(f"{BASE_URL}/api/v1/resources/{resource['id']}", timeout=10)
print("OK requests DELETE", deleted.json())

bad = session.post(f"{BASE_URL}/api/v1/resources", json={"name": ""}, timeout=10)
if bad.status_code == 400:
    for error in bad.json()["errors"]:
        print("OK requests 400", error["field"], error["message"])
else:
    sys.exit(f"expected 400, got {bad.status_code}")

header = requests.get(f"{BASE_URL}/api/v1/me", headers={"X-API-Key": os.environ["KEYWARD_API_KEY"]}, timeout=10)
header.raise_for_status()
print("OK requests X-API-Key")
