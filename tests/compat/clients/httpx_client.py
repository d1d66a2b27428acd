# Python httpx, with a Client that sends the key as X-API-Key on every call.
import os

import httpx

with httpx.Client(base_url=os.environ["KEYWARD_BASE_URL"], headers={"X-API-Key": os.environ["KEYWARD_API_KEY"]}, timeout=10) as client:
    me = client.get("/api/v1/me")
    me.raise_for_status()
    print("OK httpx /me", me.json()["name"])

    created = client.post("/api/v1/resources", json={"name": "httpx", "type": "compute"})
    created.raise_for_status()
    resource = created.json()
    print("OK httpx create", resource["id"])

    client.put(f"/api/v1/resources/{resource['id']}", json={"name": "httpx renamed", "config": {}}).raise_for_status()
    print("OK httpx DELETE", client.delete(f"/api/v1/resources/{resource['id']}").json())
