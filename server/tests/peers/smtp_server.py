"""A real SMTP server for Tandem's tests: aiosmtpd on loopback, with STARTTLS and AUTH.

Every message accepted is written to the mailbox folder as NNNN.eml (the bytes received).
Recipients steer the answers, as a real server's rules would:

  reject@…      RCPT is refused with 550 (a permanent failure)
  flaky-N@…     DATA is answered 451 N times for that recipient, then 250
  silent@…      DATA is never answered (a server that hangs)
  hang-N@…      DATA is left unanswered N times for that recipient, then 250

Prints "READY <port>" on standard output once it listens. Runs until killed.
"""

import argparse
import asyncio
import itertools
import pathlib
import re
import ssl
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Mailbox:
    def __init__(self, folder: pathlib.Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.numbers = itertools.count(1)
        self.failures = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject@"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            local = address.split("@")[0].lower()
            if local == "silent":
                await asyncio.sleep(3600)
            hang = re.fullmatch(r"hang-(\d+)", local)
            if hang:
                seen = self.failures.get(address, 0)
                if seen < int(hang.group(1)):
                    self.failures[address] = seen + 1
                    await asyncio.sleep(3600)
            flaky = re.fullmatch(r"flaky-(\d+)", local)
            if flaky:
                seen = self.failures.get(address, 0)
                if seen < int(flaky.group(1)):
                    self.failures[address] = seen + 1
                    return "451 4.3.0 Try again later"
        number = next(self.numbers)
        path = self.folder / ("%04d.eml" % number)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(path)
        return "250 2.0.0 Message accepted"


def main():
    # aiosmtpd warns about its own attribute on every login.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailbox", required=True, type=pathlib.Path)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)
    user, password = args.user.encode(), args.password.encode()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data == (user, password)
        # Not handled here: aiosmtpd answers 535 for a wrong login.
        return AuthResult(success=ok, handled=False)

    handler = Mailbox(args.mailbox)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(
                handler,
                hostname="tandem-test-smtp",
                tls_context=tls,
                require_starttls=True,
                authenticator=authenticate,
                auth_required=True,
                auth_require_tls=True,
            ),
            host="127.0.0.1",
            port=args.port,
        )
        port = server.sockets[0].getsockname()[1]
        print("READY %d" % port, flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
