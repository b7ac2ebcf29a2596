"""Expand the detectors' example templates into synthetic values (tests, docs).

Templates keep token-shaped literals out of the source: `{r36}` becomes 36 pseudo-random
alphanumerics at run time (see `dockguard.secrets.detectors` for the placeholders).
"""

from __future__ import annotations

import base64
import random
import re
import string
import uuid

_ALPHABETS = {
    "r": string.ascii_letters + string.digits,
    "a": string.ascii_letters,
    "h": "0123456789abcdef",
    "H": "0123456789ABCDEF",
    "d": string.digits,
    "u": string.ascii_uppercase + string.digits,
    "l": string.ascii_lowercase + string.digits,
    "b": string.ascii_letters + string.digits + "+/",
    "w": string.ascii_letters + string.digits + "_-",
}
_TOKEN = re.compile(r"\{(pemjson|pem):([A-Z0-9 ]+)\}|\{(uuid|b64|aws16|bech58|bcrypt53)\}|\{([rahHdulbw])(\d+)\}")


def expand(template: str, seed: int = 7) -> str:
    rnd = random.Random(f"{seed}:{template}")

    def chars(alphabet: str, n: int) -> str:
        # no run of 4 equal characters and a mix of classes, so entropy checks pass
        return "".join(rnd.choice(alphabet) for _ in range(n))

    def body() -> str:
        raw = bytes(rnd.getrandbits(8) for _ in range(180))
        return base64.b64encode(raw).decode()

    def sub(m: re.Match) -> str:
        if m.group(1):
            label = m.group(2)
            b = body()
            lines = [b[i:i + 64] for i in range(0, len(b), 64)]
            if m.group(1) == "pemjson":
                return f"-----BEGIN {label}-----\\n" + "\\n".join(lines) + f"\\n-----END {label}-----\\n"
            return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"
        special = m.group(3)
        if special == "uuid":
            return str(uuid.UUID(int=rnd.getrandbits(128)))
        if special == "b64":
            return body()[:64]
        if special == "aws16":
            return chars(string.ascii_uppercase + "234567", 16)
        if special == "bech58":
            return chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
        if special == "bcrypt53":
            return chars(string.ascii_letters + string.digits + "./", 53)
        return chars(_ALPHABETS[m.group(4)], int(m.group(5)))

    return _TOKEN.sub(sub, template)
