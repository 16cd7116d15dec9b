"""Runs scim2-tester, an independent SCIM 2.0 compliance checker, against a running Tandem.

Usage: scim_check.py BASE_URL TOKEN. Prints one line per check and exits with 1 when any
check failed, so the Rust test that starts Tandem and this script fails with the reasons.
"""

import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    base_url, token = sys.argv[1], sys.argv[2]
    http = Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"})
    client = SyncSCIMClient(http)
    results = check_server(client)
    failed = 0
    for result in results:
        kind = getattr(result, "resource_type", None) or "-"
        print(f"{result.status.name:8} {kind:5} {result.title}: {result.reason or ''}")
        if result.status in (Status.ERROR, Status.CRITICAL):
            failed += 1
    passed = sum(1 for r in results if r.status == Status.SUCCESS)
    print(f"SUMMARY passed={passed} failed={failed} total={len(results)}")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
