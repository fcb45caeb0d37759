#!/usr/bin/python3
"""Generate pwcheck's committed passlib test vectors (tests/vectors/data/<scheme>.json).

Every case is run through passlib 1.7.4 itself: the password is passed as bytes and the hash as
the UTF-8 bytes of the `hash` string (the C++ tool sees raw bytes too). passlib's verdict is
recorded as it is, and `expect` (what pwcheck must answer) is derived from it, except for the
documented deviations where pwcheck is deliberately stricter (see README.md and FORMATS.md §0.5).

To decide those deviations the generator carries a small model of pwcheck's strict parser for
each scheme. When passlib accepts a hash the model rejects, the model's reason is the deviation
id; it must be one the scheme allows, otherwise the case is reported as a surprise on stderr.

Output is deterministic: each scheme draws from its own random.Random("<seed>:<scheme>") and
every salt is passed to passlib explicitly. Adding a scheme means writing one generator function
(and a strict model) and adding one row to SCHEMES.

Usage: /usr/bin/python3 tests/vectors/generate.py [--out DIR] [--scheme NAME] [--seed N]
"""

import argparse
import hashlib
import json
import random
import re
import signal
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

import bcrypt as pyca_bcrypt
import passlib
import passlib.exc
import passlib.utils
from passlib.crypto import digest as passlib_digest
from passlib.hash import bcrypt, bcrypt_sha256, pbkdf2_sha1, pbkdf2_sha256, pbkdf2_sha512, scrypt
from passlib.hash import sha256_crypt, sha512_crypt
from passlib.utils.binary import ab64_encode, bcrypt64

GENERATOR = "tests/vectors/generate.py"
DEFAULT_SEED = 2026
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
# A case that would make passlib compute for longer than this is a generator bug (e.g. a parseable
# hash with a huge cost): abort rather than hang.
VERIFY_TIMEOUT_SECONDS = 30

# FORMATS.md §8 passwords.
P1 = b"password"
P2 = "pässwörd€🔑".encode("utf-8")
P3 = b""
P4 = b"x" * 72

# Non-ASCII text used to build UTF-8 passwords.
UTF8_POOL = "éèüßøñçÅ€£¥©°±µ¶½абвгдежзαβγδλπΩ漢字中文日本語한국어🔑😀🎉👍🏽"
ASCII_POOL = "".join(chr(c) for c in range(0x20, 0x7F))


# --------------------------------------------------------------------------------------------
# passlib verdicts and the case record
# --------------------------------------------------------------------------------------------

class VerifyTimeout(BaseException):
    """Raised by the alarm; a BaseException so that the `except Exception` recording verdicts lets it through."""


def _alarm(signum, frame):
    raise VerifyTimeout("passlib verify took more than %ds: a case with a huge cost?" % VERIFY_TIMEOUT_SECONDS)


def exception_name(exc: BaseException) -> str:
    """Class name as FORMATS.md writes it: bare for builtins/passlib.exc, module-qualified otherwise."""
    cls = type(exc)
    if cls.__module__ in ("builtins", "passlib.exc"):
        return cls.__name__
    return "%s.%s" % (cls.__module__, cls.__name__)


def passlib_verdict(handler, password: bytes, hash_text: str):
    """Run handler.verify(password_bytes, hash_bytes); return ("true"|"false"|"error:X", exception)."""
    assert isinstance(password, bytes)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(VERIFY_TIMEOUT_SECONDS)
    try:
        with warnings.catch_warnings():
            # bcrypt's padding-bit repair warns (PasslibHashWarning); the verdict is what matters.
            warnings.simplefilter("ignore")
            # surrogateescape: the hostile battery's bytes that are not UTF-8 (\udcff is the byte 0xff)
            ok = handler.verify(password, hash_text.encode("utf-8", "surrogateescape"))
    except Exception as exc:  # every exception is a verdict
        return "error:" + exception_name(exc), exc
    finally:
        signal.alarm(0)
    assert ok is True or ok is False, ok
    return ("true" if ok else "false"), None


def is_password_error(exc: Optional[BaseException]) -> bool:
    """True for exceptions about the password, not the hash (size limit, NUL in a bcrypt password)."""
    # PasswordSizeError, PasswordTruncateError and NullPasswordError are all PasswordValueError.
    # safe_crypt() (os_crypt backend of sha-crypt and md5-crypt) raises a plain ValueError for a NUL.
    return isinstance(exc, passlib.exc.PasswordValueError) or (
        type(exc) is ValueError and str(exc) == "null character in secret")


KINDS = ("random", "wrong_password", "edge", "malformed", "lenient")


@dataclass
class Scheme:
    """One row of the scheme table."""
    name: str
    handler: object
    backend: Callable[[], str]
    generate: Callable[["Builder"], None]
    # strict(hash_text) -> None when pwcheck accepts the hash's syntax, else a short reason id.
    strict: Callable[[str], Optional[str]]
    # reason ids that may turn a passlib True/False into expect "malformed".
    deviations: tuple = ()


@dataclass
class Builder:
    """Collects the cases of one scheme, computing passlib's verdict and the expectation of each."""
    scheme: Scheme
    rng: random.Random
    cases: List[dict] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    @property
    def handler(self):
        return self.scheme.handler

    def verdict(self, password: bytes, hash_text: str) -> str:
        return passlib_verdict(self.handler, password, hash_text)[0]

    def add(self, password: bytes, hash_text: str, kind: Optional[str], note: str,
            doc: Optional[str] = None) -> Optional[dict]:
        """Record one case.

        A case with a deviation is always kind "lenient". Otherwise kind=None derives the kind from
        the outcome (used for mutated hashes): malformed for an error, edge for a hash that still parses.
        doc: the verdict FORMATS.md documents ("true", "false" or "error:X"); a disagreement is reported.
        """
        key = (password, hash_text)
        if key in self._seen:
            return None
        self._seen.add(key)

        verdict, exc = passlib_verdict(self.handler, password, hash_text)
        reason = self.scheme.strict(hash_text)
        if reason == "crypt-beyond-passlib" and verdict in ("true", "false"):
            reason = None  # a crypt format pwcheck takes through libxcrypt, and passlib verifies too: agreement
        # A hash over pwcheck's default cost limits is refused with its own answer (exit 5), whatever passlib says.
        refused = "cost_over_limit" if reason == "cost-over-limit" else "malformed"
        deviation = None
        if hash_text == "":
            # pwcheck keeps the original service's rule: an empty hash matches nothing (no error).
            expect, deviation = "no_match", "empty-hash-never-matches"
        elif verdict in ("true", "false"):
            if reason is None:
                expect = "match" if verdict == "true" else "no_match"
            elif reason in self.scheme.deviations:
                expect, deviation = refused, reason
            else:
                # passlib accepts something the strict model rejects, and no deviation covers it.
                expect = "match" if verdict == "true" else "no_match"
                self.problems.append("SURPRISE passlib=%s but strict model says %r: %r (%s)"
                                     % (verdict, reason, hash_text, note))
        elif is_password_error(exc):
            expect = "password_refused"
        elif refused == "cost_over_limit" and reason in self.scheme.deviations:
            expect, deviation = refused, reason
        elif reason == "crypt-beyond-passlib" and reason in self.scheme.deviations:
            # pwcheck verifies a crypt(3) format passlib cannot: the system's libxcrypt judges it.
            inner = hash_text.split("}", 1)[1].encode("ascii")
            matched = b"\x00" not in password and libxcrypt_crypt(password, inner) == inner
            expect, deviation = ("match" if matched else "no_match"), reason
        else:
            expect = "malformed"
            if reason is None:
                self.problems.append("MODEL-GAP passlib=%s but strict model accepts: %r (%s)"
                                     % (verdict, hash_text, note))

        if deviation:
            kind = "lenient"  # a deviation always makes the case lenient, whatever produced it
        elif kind is None:
            kind = "malformed" if expect in ("malformed", "password_refused") else "edge"
        assert kind in KINDS, kind
        if kind == "random" and expect != "match":
            self.problems.append("random case not a match (%s): %r" % (verdict, hash_text))
        if kind == "wrong_password" and expect != "no_match":
            self.problems.append("wrong_password case is %s: %r" % (verdict, hash_text))
        if doc is not None and doc != verdict:
            self.problems.append("DISAGREEMENT with FORMATS.md: documented %s, passlib %s: %r (%s)"
                                 % (doc, verdict, hash_text, note))

        case = {"password_hex": password.hex(), "hash": hash_text, "passlib": verdict,
                "expect": expect, "kind": kind, "note": note}
        if deviation:
            case["deviation"] = deviation
        self.cases.append(case)
        return case

    def add_pair(self, password: bytes, hash_text: str, note: str, *, allowed=None):
        """A well-formed hash with its password (random/match) and a nearby wrong one (no_match)."""
        self.add(password, hash_text, "random", note)
        wrong, how = self.near_miss(password, hash_text, allowed)
        self.add(wrong, hash_text, "wrong_password", "%s; wrong password: %s" % (note, how))

    def near_miss(self, password: bytes, hash_text: str, allowed=None):
        """A password close to `password` that passlib says does not match (and `allowed` accepts)."""
        allowed = allowed or (lambda b: True)
        for _ in range(50):
            how = self.rng.choice(("change", "change", "append", "truncate", "prepend", "unrelated"))
            pw = bytearray(password)
            if how == "change" and pw:
                # for bcrypt only the first 72 bytes count: change one of those
                i = self.rng.randrange(min(len(pw), 72))
                pw[i] ^= self.rng.randrange(1, 256)
                desc = "byte %d changed" % i
            elif how == "append":
                pw.append(self.rng.randrange(1, 256))
                desc = "one byte appended"
            elif how == "truncate" and pw:
                del pw[-1]
                desc = "last byte removed"
            elif how == "prepend":
                pw.insert(0, self.rng.randrange(1, 256))
                desc = "one byte prepended"
            elif how == "unrelated":
                pw = bytearray(random_password(self.rng, allow_nul=False))
                desc = "unrelated password"
            else:
                continue
            pw = bytes(pw)
            if pw != password and allowed(pw) and self.verdict(pw, hash_text) == "false":
                return pw, desc
        raise RuntimeError("no near-miss password found for %r" % hash_text)


# --------------------------------------------------------------------------------------------
# random passwords and salts
# --------------------------------------------------------------------------------------------

def random_password(rng: random.Random, allow_nul: bool, max_len: int = 40) -> bytes:
    """Mix of empty, ASCII, UTF-8 text and arbitrary bytes (often invalid UTF-8)."""
    style = rng.choice(("ascii", "ascii", "ascii", "utf8", "utf8", "bytes", "empty"))
    if style == "empty":
        return b""
    n = rng.randint(1, max_len)
    if style == "ascii":
        return "".join(rng.choice(ASCII_POOL) for _ in range(n)).encode("ascii")
    if style == "utf8":
        out = "".join(rng.choice(UTF8_POOL + "abcdefgh12") for _ in range(max(1, n // 2)))
        return out.encode("utf-8")
    lo = 0 if allow_nul else 1
    pw = bytes(rng.randint(lo, 255) for _ in range(n))
    if rng.random() < 0.5:  # make sure invalid UTF-8 lead/continuation bytes are common
        pw = pw[:n // 2] + bytes([rng.choice((0x80, 0xBF, 0xC0, 0xFE, 0xFF))]) + pw[n // 2:]
    return pw


def describe_password(pw: bytes) -> str:
    if not pw:
        return "empty password"
    try:
        text = pw.decode("utf-8")
    except UnicodeDecodeError:
        return "%dB non-UTF-8 password" % len(pw)
    if b"\x00" in pw:
        return "%dB password with NUL" % len(pw)
    if text.isascii():
        return "%dB ASCII password" % len(pw)
    return "%dB UTF-8 password" % len(pw)


def set_char(s: str, i: int, c: str) -> str:
    return s[:i] + c + s[i + 1:]


# --------------------------------------------------------------------------------------------
# PBKDF2 (FORMATS.md §1)
# --------------------------------------------------------------------------------------------

AB64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./"
AB64_ACCEPTED = set(AB64_CHARS + "+")  # pwcheck: both '.' and '+' mean 62
PBKDF2_ROUNDS_RE = re.compile(r"\A(?:0|[1-9][0-9]*)\Z")
PBKDF2_DEVIATIONS = ("rounds-not-plain-decimal", "base64-junk", "base64-padding")


def ab64_field_problem(text: str) -> Optional[str]:
    """pwcheck's strict reading of an ab64 field: None, or why it is rejected."""
    if any(c not in AB64_ACCEPTED and c != "=" for c in text):
        return "base64-junk"
    if "=" in text:
        return "base64-padding"
    if len(text) % 4 == 1:
        return "base64-length"
    return None


def ab64_decoded_len(text: str) -> int:
    return len(text) * 3 // 4


def pbkdf2_strict(ident: str, digest_size: int):
    """Model of pwcheck's pbkdf2 parser: None if it accepts the hash syntax, else a reason id."""
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(ident):
            return "prefix"
        parts = hash_text[len(ident):].split("$")
        if len(parts) != 3:
            return "field-count"
        rounds, salt, chk = parts
        if not PBKDF2_ROUNDS_RE.match(rounds):
            return "rounds-not-plain-decimal"
        if not 1 <= int(rounds) <= 0xFFFFFFFF:
            return "rounds-range"
        problem = ab64_field_problem(salt)
        if problem:
            return problem
        if ab64_decoded_len(salt) > 1024:
            return "salt-too-long"
        if not chk:
            return "missing-checksum"
        problem = ab64_field_problem(chk)
        if problem:
            return problem
        if ab64_decoded_len(chk) != digest_size:
            return "checksum-size"
        return None
    return strict


def pbkdf2_handmade(digest: str, ident: str, password: bytes, rounds: int, salt: bytes) -> str:
    """Hash built without passlib (for salts passlib refuses to make, e.g. over 1024 bytes)."""
    dk = hashlib.pbkdf2_hmac(digest, password, salt, rounds)
    return "%s%d$%s$%s" % (ident, rounds, ab64_encode(salt).decode(), ab64_encode(dk).decode())


def pbkdf2_fields(ident: str, h: str):
    rounds, salt, chk = h[len(ident):].split("$")
    return rounds, salt, chk


# FORMATS.md §8 (each verified True) and §9 (documented outcome), per digest.
FORMATS_PBKDF2 = {
    "pbkdf2_sha1": [
        ("§8 P1 rounds=1000 salt=saltsaltsaltsalt", P1, "$pbkdf2$1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM", "true"),
        ("§8 P2 rounds=1000 salt=000102..0f", P2, "$pbkdf2$1000$AAECAwQFBgcICQoLDA0ODw$DiYyeZsFjJxlSNOUFpII9icvKMk", "true"),
        ("§8 P3 rounds=1000 salt=ff00fe01", P3, "$pbkdf2$1000$/wD.AQ$IeMlmmlC8NE3w6EwPddMRp/OGro", "true"),
        ("§8 P1 rounds=1 empty salt (empty field)", P1, "$pbkdf2$1$$h1TDLGSw9ST8UMAPeIE13i0t12c", "true"),
    ],
    "pbkdf2_sha256": [
        ("§8 P1 rounds=1000 salt=saltsaltsaltsalt", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§8 P2 rounds=1000 salt=000102..0f", P2, "$pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$Ou4.X5lvPBbcVg7sRwr4QiwPa3nv2wnzNpvB7HKtAsI", "true"),
        ("§8 P3 rounds=1000 salt=ff00fe01", P3, "$pbkdf2-sha256$1000$/wD.AQ$UMV0F6Z3.zzaBsM.zM8.O1Nn2Rt2L3d6ltliFjrrn.c", "true"),
        ("§8 P1 rounds=1 empty salt (empty field)", P1, "$pbkdf2-sha256$1$$wSMvEPYnFf2gaufAogN8oZszzxA7cnulbYcMEfKQoqs", "true"),
        ("§9 canonical", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 checksum with one '=' pad appended", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA=", "true"),
        ("§9 '+' used instead of '.' in salt and checksum (P3)", P3, "$pbkdf2-sha256$1000$/wD+AQ$UMV0F6Z3+zzaBsM+zM8+O1Nn2Rt2L3d6ltliFjrrn+c", "true"),
        ("§9 salt last char pad bits set (A->B)", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdB$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 salt with 4 junk chars '!!!!' inserted", P1, "$pbkdf2-sha256$1000$c2Fs!!!!dHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 salt followed by '==AAAA' (data after pad ignored)", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==AAAA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 rounds '01000'", P1, "$pbkdf2-sha256$01000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "error:ValueError"),
        ("§9 rounds '+1000'", P1, "$pbkdf2-sha256$+1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 rounds '1_000'", P1, "$pbkdf2-sha256$1_000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "true"),
        ("§9 trailing newline", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA\n", "error:TypeError"),
        ("§9 further: rounds 0", P1, "$pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "error:ValueError"),
        ("§9 further: rounds 4294967296", P1, "$pbkdf2-sha256$4294967296$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA", "error:ValueError"),
        ("§9 further: checksum one char short", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQ", "error:ValueError"),
        ("§9 further: checksum one char long", P1, "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQAA", "error:ValueError"),
    ],
    "pbkdf2_sha512": [
        ("§8 P1 rounds=1000 salt=saltsaltsaltsalt", P1, "$pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0c2FsdA$715rqIr5dXOVPpBhqqsugl037zT5bWJTWYmZtIcK8hBnisKpwfY7kokvwjDrNHqHhF50Pb7MD6HvkJwiDQw4ww", "true"),
        ("§8 P2 rounds=1000 salt=000102..0f", P2, "$pbkdf2-sha512$1000$AAECAwQFBgcICQoLDA0ODw$2gU811WUi2bPvH5b9QRgHm04/OcdVZWJrNTcjoNrZo8.0watKgCD9fRKFUHttQrHNkK3rKB4E3OEjTX.yTa7uQ", "true"),
        ("§8 P3 rounds=1000 salt=ff00fe01", P3, "$pbkdf2-sha512$1000$/wD.AQ$qrVen5BK900c8CbbA3GsN4L5l1PGAPurajPmfRAmKWCp0aq1XOk0jFsWM49/hpma/eyafoEI1fEPcX2CPQ/aQw", "true"),
        ("§8 P1 rounds=1 empty salt (empty field)", P1, "$pbkdf2-sha512$1$$rhbObf1KagwgQh/4DrO6SswTvR3qRfi7A0t1PkzyAy/nzn9PkNXVCsX0DRMYFlmEIxc1oZH63leyW1Q5kcefCA", "true"),
    ],
}

# digest name, ident, digest size (bytes), HMAC block size (bytes)
PBKDF2_PARAMS = {
    "pbkdf2_sha1": ("sha1", "$pbkdf2$", 20, 64),
    "pbkdf2_sha256": ("sha256", "$pbkdf2-sha256$", 32, 64),
    "pbkdf2_sha512": ("sha512", "$pbkdf2-sha512$", 64, 128),
}


def gen_pbkdf2(b: Builder):
    digest, ident, dsize, block = PBKDF2_PARAMS[b.scheme.name]
    rng = b.rng

    def make(pw: bytes, rounds: int, salt: bytes) -> str:
        return b.handler.using(rounds=rounds, salt=salt).hash(pw)

    def rand_salt(n=None) -> bytes:
        n = rng.choice((0, 1, 2, 3, 4, 5, 16, rng.randint(0, 64), rng.randint(0, 64))) if n is None else n
        return bytes(rng.randrange(256) for _ in range(n))

    # -- FORMATS.md vectors
    for note, pw, h, doc in FORMATS_PBKDF2[b.scheme.name]:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = FORMATS_PBKDF2[b.scheme.name][0][2]

    # -- random well-formed hashes, each with its password and a near miss
    for i in range(150):
        pw = random_password(rng, allow_nul=True)
        rounds = rng.randint(1, 3000)
        salt = rand_salt()
        b.add_pair(pw, make(pw, rounds, salt),
                   "%s, rounds=%d, %dB salt" % (describe_password(pw), rounds, len(salt)))

    # -- password edge cases
    salt16 = b"saltsaltsaltsalt"
    specials = [
        (b"", "empty password"),
        (b"a", "1-byte password"),
        ("é".encode(), "é"), ("€".encode(), "€"), ("🔑".encode(), "emoji"), ("漢字パスワード".encode(), "CJK"),
        (b"\x80", "lone continuation byte 0x80"), (b"\xff", "byte 0xff"), (b"\xff\xfe\x80\xc0", "invalid UTF-8 run"),
        (b"\xc3", "truncated UTF-8 sequence"), (b"\xed\xa0\x80", "UTF-8-encoded surrogate"),
        (b"\x00", "single NUL (allowed)"), (b"pass\x00word", "NUL inside (allowed)"),
        (b"\x00password", "leading NUL (allowed)"), (b"\x00" * 10, "ten NULs"),
        (b" password ", "surrounding spaces are significant"), (b"password\n", "trailing newline is significant"),
    ]
    for n in (block - 1, block, block + 1, 2 * block - 1, 2 * block, 2 * block + 1, 200, 1000):
        specials.append((bytes(rng.randrange(1, 256) for _ in range(n)), "%d-byte password (HMAC block %d)" % (n, block)))
    for pw, what in specials:
        h = make(pw, rng.randint(1, 3000), rand_salt(16))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)

    # MAX_PASSWORD_SIZE: 4096 bytes allowed, 4097 refused before the hash is even parsed.
    big = bytes(rng.randrange(256) for _ in range(4096))
    h = make(big, 3, salt16)
    b.add(big, h, "edge", "4096-byte password (the maximum): match")
    b.add(big[:-1] + bytes([big[-1] ^ 1]), h, "wrong_password", "4096-byte password, last byte changed")
    b.add(big + b"x", h, "edge", "4097-byte password: PasswordSizeError")
    b.add(big + b"x", ident, "edge", "4097-byte password with a malformed hash: the size check comes first")

    # HMAC equivalences (inherent to HMAC, passlib agrees): a key shorter than the block is padded
    # with zeros, so trailing NULs do not count; a key longer than the block is replaced by its digest.
    h = make(P1, 1000, salt16)
    b.add(P1 + b"\x00", h, "edge", "password + trailing NUL == password (HMAC zero-pads the key): match")
    b.add(P1 + b"\x00" * 3, h, "edge", "password + 3 trailing NULs == password (HMAC zero-pads the key): match")
    b.add(b"\x00" + P1, h, "edge", "leading NUL is significant: no match")
    hn = make(P1 + b"\x00", 1000, salt16)
    b.add(P1, hn, "edge", "hash of password+NUL verified with password (HMAC zero-padding): match")
    b.add(b"", make(b"\x00" * 5, 7, salt16), "edge", "hash of 5 NULs verified with the empty password (HMAC zero-padding): match")
    pad_to_block = P1 + b"\x00" * (block - len(P1))
    b.add(pad_to_block, h, "edge", "password zero-padded to exactly the block size: match")
    b.add(pad_to_block + b"\x00", h, "edge", "password zero-padded to block+1 bytes (now pre-hashed): no match")
    long_pw = bytes(rng.randrange(1, 256) for _ in range(block + 1))
    hl = make(long_pw, 500, salt16)
    b.add(hashlib.new(digest, long_pw).digest(), hl, "edge",
          "%s(P) verifies against the hash of a %d-byte P (HMAC pre-hashes long keys): match" % (digest, len(long_pw)))
    b.add(long_pw, make(hashlib.new(digest, long_pw).digest(), 500, salt16), "edge",
          "%d-byte P verifies against the hash of %s(P) (HMAC pre-hashes long keys): match" % (len(long_pw), digest))

    # -- rounds and salt extremes
    b.add(P1, make(P1, 1, b""), "edge", "rounds=1, empty salt: match")
    b.add(P2, make(P2, 1, b"\x00"), "edge", "rounds=1, 1-byte zero salt: match")
    b.add(P1, make(P1, 2, b"\xff" * 3), "edge", "3-byte salt (4 chars, no spare bits): match")
    for n in (1, 2, 3, 4, 5, 6):
        b.add(P1, make(P1, 10, rand_salt(n)), "edge", "%d-byte salt: match" % n)
    s1024 = rand_salt(1024)
    h1024 = make(P1, 2, s1024)
    b.add(P1, h1024, "edge", "1024-byte salt (the maximum): match")
    b.add(P3, h1024, "wrong_password", "1024-byte salt: wrong password")
    b.add(P1, pbkdf2_handmade(digest, ident, P1, 2, s1024 + b"\x01"), "malformed", "1025-byte salt (over the maximum)")
    b.add(P1, pbkdf2_handmade(digest, ident, P1, 2, rand_salt(1500)), "malformed", "1500-byte salt")
    b.add(P1, make(P1, 3000, rand_salt(16)), "edge", "rounds=3000: match")

    # -- non-canonical but accepted base64: '+' for 62, unused bits set (pwcheck accepts, as passlib)
    p3_hash = FORMATS_PBKDF2[b.scheme.name][2][2]
    r, s, c = pbkdf2_fields(ident, p3_hash)
    b.add(P3, "%s%s$%s$%s" % (ident, r, s.replace(".", "+"), c), "edge", "'+' instead of '.' in the salt: match")
    b.add(P3, "%s%s$%s$%s" % (ident, r, s, c.replace(".", "+")), "edge", "'+' instead of '.' in the checksum: match")
    b.add(P3, "%s%s$%s$%s" % (ident, r, s.replace(".", "+"), c.replace(".", "+")), "edge", "'+' for '.' everywhere: match")
    for _ in range(8):
        pw = random_password(rng, allow_nul=True)
        h = make(pw, rng.randint(1, 300), rand_salt(rng.randint(1, 40)))
        if "." in h:
            b.add(pw, h.replace(".", "+"), "edge", "random hash with every '.' written '+': match")

    # unused low bits of the last salt / checksum char: every one of the 64 characters.
    r, s, c = pbkdf2_fields(ident, p1_hash)  # 16-byte salt: 22 chars, 4 spare bits
    for ch in AB64_CHARS + "+":
        b.add(P1, "%s%s$%s$%s" % (ident, r, s[:-1] + ch, c), None,
              "salt last char %r (16-byte salt, 4 spare bits)" % ch)
    spare = {20: 2, 32: 2, 64: 4}[dsize]
    for ch in AB64_CHARS + "+":
        b.add(P1, "%s%s$%s$%s" % (ident, r, s, c[:-1] + ch), None,
              "checksum last char %r (%d spare bits)" % (ch, spare))
    h2 = make(P1, 5, b"\x01\x02")  # 2-byte salt: 3 chars, 2 spare bits
    r2, s2, c2 = pbkdf2_fields(ident, h2)
    for ch in AB64_CHARS:
        b.add(P1, "%s%s$%s$%s" % (ident, r2, s2[:-1] + ch, c2), None,
              "2-byte salt, last char %r (2 spare bits)" % ch)

    # -- malformed (and lenient) hashes made by mutating valid ones
    bases = [(P1, p1_hash)]
    for _ in range(2):
        pw = random_password(rng, allow_nul=False)
        bases.append((pw, make(pw, rng.randint(100, 3000), rand_salt(rng.randint(1, 32)))))
    for pw, base in bases:
        for h, note in pbkdf2_mutations(ident, base, rng):
            b.add(pw, h, None, note)
    # a few lenient forms with a wrong password: still no_match for passlib, malformed for pwcheck
    r, s, c = pbkdf2_fields(ident, p1_hash)
    for h, note in [("%s+%s$%s$%s" % (ident, r, s, c), "rounds '+%s'" % r),
                    ("%s%s$%s$%s=" % (ident, r, s, c), "checksum + '='"),
                    ("%s%s$%s!$%s" % (ident, r, s, c), "salt + '!'")]:
        b.add(b"wrong", h, None, note + ", wrong password")
    # the password check comes after parsing only for errors about the hash: NUL is fine here
    b.add(b"pass\x00word", "%s%s$%s" % (ident, r, s), None, "config string with a NUL password")

    # other-scheme prefixes (case matters; none of these is a pbkdf2 ident)
    r, s, c = pbkdf2_fields(ident, p1_hash)
    body = "%s$%s$%s" % (r, s, c)
    for other in sorted({ident.upper(), ident[1:], ident[:-1] + "_", ident.replace("-", "_"),
                         "$pbkdf2-sha384$", "$pbkdf2-SHA256$", "$PBKDF2-SHA256$", "$pbkdf2-sha1$",
                         "$pbkdf2$" if ident != "$pbkdf2$" else "$pbkdf2-sha256$", "$pbkdf2-sha2$",
                         "{PBKDF2}", "$p5k2$", " " + ident, "$" + ident} - {ident}):
        b.add(P1, other + body, None, "ident %r" % other)


def pbkdf2_mutations(ident: str, base: str, rng: random.Random):
    """Malformed or odd variants of one valid pbkdf2 hash: (hash, note) pairs."""
    r, s, c = pbkdf2_fields(ident, base)
    R = int(r)

    def mc3(rounds=r, salt=s, chk=c):
        return "%s%s$%s$%s" % (ident, rounds, salt, chk)

    out = [
        ("", "empty string"),
        (ident, "ident only"),
        (ident[:-1], "ident without its trailing '$'"),
        (ident + r, "rounds only"),
        (ident + r + "$", "rounds and '$' only"),
        ("%s%s$%s" % (ident, r, s), "config string (no checksum field)"),
        ("%s%s$%s$" % (ident, r, s), "empty checksum field"),
        (ident + "4294967295$" + s + "$", "max rounds but empty checksum (never computed)"),
        ("%s$%s$%s" % (ident, s, c), "rounds field missing"),
        ("%s%s$%s" % (ident, r, c), "salt field missing"),
        (ident + "$" + r + "$" + s + "$" + c, "extra '$' after the ident"),
        ("%s%s$$%s$%s" % (ident, r, s, c), "empty extra field before the salt"),
        ("%s%s$%s$$%s" % (ident, r, s, c), "empty extra field before the checksum"),
        (base + "$", "trailing '$'"),
        (base + "$" + c, "checksum repeated in a 4th field"),
        (" " + base, "leading space"),
        ("\t" + base, "leading tab"),
        ("\n" + base, "leading newline"),
        (base + " ", "trailing space"),
        (base + "\n", "trailing newline"),
        (base + "\r\n", "trailing CRLF"),
        (base + "\n\n", "two trailing newlines"),
        (base + "\n\n\n", "three trailing newlines"),
        (base + "\n\n\n\n", "four trailing newlines"),
        (base + "   ", "three trailing spaces"),
        (base + "\x00", "trailing NUL"),
        (base.replace("$", "\x00", 1), "first '$' replaced by NUL"),
        (base + "é", "trailing é (non-ASCII)"),
        (ident + r + "$" + s + "$" + c[:-1] + "€", "checksum last char replaced by € (non-ASCII)"),
        (ident.replace("pbkdf2", "pbkdf²"), "non-ASCII in the ident"),
        # rounds
        (mc3(rounds=""), "empty rounds"),
        (mc3(rounds="0"), "rounds 0"),
        (mc3(rounds="00"), "rounds 00"),
        (mc3(rounds="0" + r), "rounds zero-padded %r" % ("0" + r)),
        (mc3(rounds="-1"), "rounds -1"),
        (mc3(rounds="-0"), "rounds -0"),
        (mc3(rounds="+0"), "rounds +0"),
        (mc3(rounds="-" + r), "rounds negative"),
        (mc3(rounds="4294967296"), "rounds 2^32"),
        (mc3(rounds="99999999999999999999"), "rounds 99999999999999999999"),
        (mc3(rounds="1e3"), "rounds 1e3"),
        (mc3(rounds=hex(R)), "rounds in hex"),
        (mc3(rounds=r + ".0"), "rounds with '.0'"),
        (mc3(rounds="abc"), "rounds not a number"),
        (mc3(rounds=r + "a"), "rounds with a letter appended"),
        (mc3(rounds="".join(chr(0x660 + int(d)) for d in r)), "rounds in Arabic-Indic digits (non-ASCII)"),
        (mc3(rounds="".join(chr(0xFF10 + int(d)) for d in r)), "rounds in full-width digits (non-ASCII)"),
        # rounds passlib's int() accepts: the deviation 'rounds-not-plain-decimal'
        (mc3(rounds="+" + r), "rounds with a '+' sign"),
        (mc3(rounds=" " + r), "rounds with a leading space"),
        (mc3(rounds=r + " "), "rounds with a trailing space"),
        (mc3(rounds="\t" + r + "\n"), "rounds surrounded by tab/newline"),
        (mc3(rounds=r + "\n"), "rounds with a trailing newline"),
        (mc3(rounds="+0" + r), "rounds '+0%s' (zero-padding rule looks at the first char only)" % r),
        (mc3(rounds=" 0" + r), "rounds ' 0%s'" % r),
        # salt
        (mc3(salt=s[:-1]), "salt one char short"),
        (mc3(salt=s + "A"), "salt one char long ('A')"),
        (mc3(salt=s + "AA"), "salt two chars long"),
        (mc3(salt=""), "salt emptied"),
        (mc3(salt=s + "="), "salt + '='"),
        (mc3(salt=s + "=="), "salt + '=='"),
        (mc3(salt=s + "==AAAA"), "salt + '==AAAA'"),
        (mc3(salt=s[:2] + "!!!!" + s[2:]), "4 junk chars '!!!!' inside the salt"),
        (mc3(salt=s[:2] + "!" + s[2:]), "1 junk char '!' inside the salt"),
        (mc3(salt=s[:2] + "-_" + s[2:]), "url-safe chars '-_' inside the salt"),
        (mc3(salt=s.lower()), "salt lower-cased"),
        # checksum
        (mc3(chk=c[:-1]), "checksum one char short"),
        (mc3(chk=c + "A"), "checksum one char long ('A')"),
        (mc3(chk=c + "."), "checksum one char long ('.')"),
        (mc3(chk=c[:-2]), "checksum two chars short"),
        (mc3(chk=c + "="), "checksum + '='"),
        (mc3(chk=c + "=="), "checksum + '=='"),
        (mc3(chk=c + "!"), "checksum + '!'"),
        (mc3(chk=c + "!!!!"), "checksum + '!!!!'"),
        (mc3(chk=c[:5] + " " + c[5:]), "space inside the checksum"),
        (mc3(chk=c.swapcase()), "checksum case-swapped"),
        (mc3(chk=c[::-1]), "checksum reversed"),
        (mc3(chk="A" * len(c)), "checksum all 'A'"),
        (mc3(salt=c, chk=s), "salt and checksum swapped"),
        (ident.upper() + r + "$" + s + "$" + c, "ident upper-cased"),
    ]
    # single bad characters at a random position of the salt and of the checksum
    for ch in ("!", "-", "_", "*", "~", ",", ":", "$", " ", "\t", "=", "\x00", "\x7f", "é"):
        i = rng.randrange(len(s)) if s else 0
        out.append((mc3(salt=set_char(s, i, ch) if s else ch), "salt char %d replaced by %r" % (i, ch)))
        j = rng.randrange(len(c))
        out.append((mc3(chk=set_char(c, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
    return out


def pbkdf2_backend() -> str:
    return passlib_digest.PBKDF2_BACKENDS[0]


# --------------------------------------------------------------------------------------------
# bcrypt (FORMATS.md §2.1)
# --------------------------------------------------------------------------------------------

BCRYPT64_CHARS = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
BCRYPT_IDENTS = ("$2$", "$2a$", "$2b$", "$2y$")
BCRYPT_RE = re.compile(r"\A\$(2|2a|2b|2y)\$([0-9]{2})\$([./A-Za-z0-9]{53})\Z")


def bcrypt_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's bcrypt parser (no deviation expected: only syntax, padding bits repaired)."""
    if not hash_text.isascii():
        return "non-ascii"
    if hash_text.startswith("$2x$"):
        return "ident-2x-unsupported"
    m = BCRYPT_RE.match(hash_text)
    if not m:
        return "syntax"
    if not 4 <= int(m.group(2)) <= 31:
        return "cost-range"
    return None


def bcrypt_salt(rng: random.Random) -> str:
    """22-char bcrypt64 salt with canonical padding bits, from 16 random bytes."""
    return bcrypt64.encode_bytes(bytes(rng.randrange(256) for _ in range(16))).decode("ascii")


FORMATS_BCRYPT = [
    ("§8 P1 $2b$ cost 4", P1, "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "true"),
    ("§8 P2 $2b$ cost 4", P2, "$2b$04$abcdefghijklmnopqrstuuZb0Rpanq9FxChgJuu5Tf2v1XxiaIivy", "true"),
    ("§8 P3 $2b$ cost 4", P3, "$2b$04$abcdefghijklmnopqrstuubyCG3zY1GIXMyxfivm.ClDiInHzxjiq", "true"),
    ("§8 P1 $2a$ cost 4 (same checksum as $2b$)", P1, "$2a$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "true"),
    ("§8 P1 $2y$ cost 4 (same checksum as $2b$)", P1, "$2y$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "true"),
    ("§8 P1 $2$ cost 4 (password repeated to 72 bytes)", P1, "$2$04$abcdefghijklmnopqrstuuHq1QFV79p.2gtAgWqpJyLiGrJ/Z2Fza", "true"),
    ("§9 canonical", P1, "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "true"),
    ("§9 salt last char 'u'->'v' (pad bits set)", P1, "$2b$04$abcdefghijklmnopqrstuvghE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "true"),
    ("§9 checksum last char 'm'->'n' (pad bits set)", P1, "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdn", "true"),
    ("§9 $2x$ ident", P1, "$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 $2$ ident (different algorithm)", P1, "$2$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "false"),
    ("§9 cost '4' (not 2 digits)", P1, "$2b$4$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 NUL in password", b"pass\x00word", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:PasswordValueError"),
    ("§9 73-byte password vs 72-byte hash", b"x" * 73, "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i", "true"),
    ("§9 71-byte password vs 72-byte hash", b"x" * 71, "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i", "false"),
    ("§9 P4 (72 x 'x') vs its hash", P4, "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i", "true"),
    ("§9 further: cost 03", P1, "$2b$03$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 further: cost 32", P1, "$2b$32$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 further: $2c$", P1, "$2c$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 further: $2A$", P1, "$2A$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
    ("§9 further: $2B$", P1, "$2B$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "error:ValueError"),
]


def gen_bcrypt(b: Builder):
    rng = b.rng

    def make(pw: bytes, ident: str, cost: int, salt: str) -> str:
        return b.handler.using(ident=ident, rounds=cost, salt=salt).hash(pw)

    def no_nul(pw: bytes) -> bool:
        return b"\x00" not in pw

    # -- FORMATS.md vectors
    for note, pw, h, doc in FORMATS_BCRYPT:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = FORMATS_BCRYPT[0][2]

    # -- random well-formed hashes, all four idents
    for i in range(160):
        ident = ("2b", "2a", "2y", "2")[i % 4]
        cost = 4 if rng.random() < 0.8 else 5
        pw = random_password(rng, allow_nul=False, max_len=rng.choice((40, 40, 80)))
        h = make(pw, ident, cost, bcrypt_salt(rng))
        b.add_pair(pw, h, "$%s$ cost %d, %s" % (ident, cost, describe_password(pw)), allowed=no_nul)

    # -- password edge cases (as in the pbkdf2 generator, but no NULs)
    specials = [
        (b"", "empty password"), (b"a", "1-byte password"),
        ("é".encode(), "é"), ("€".encode(), "€"), ("🔑".encode(), "emoji"), ("漢字パスワード".encode(), "CJK"),
        (b"\x80", "lone continuation byte 0x80"), (b"\xff", "byte 0xff"), (b"\xff\xfe\x80\xc0", "invalid UTF-8 run"),
        (b"\xa3", "byte 0xa3 (crypt_blowfish sign-extension test byte)"),
        (b"\xff\xa3345", "0xff 0xa3 (libxcrypt $2a$ countermeasure differs; pyca does not)"),
        (b"\xd1\x91", "UTF-8 U+0451 (crypt_blowfish 8-bit bug test)"),
    ]
    for pw, what in specials:
        for ident in ("2a", "2b", "2y", "2"):
            h = make(pw, ident, 4, bcrypt_salt(rng))
            b.add(pw, h, "edge", "$%s$ %s: match" % (ident, what))
            wrong, how = b.near_miss(pw, h, no_nul)
            b.add(wrong, h, "wrong_password", "$%s$ %s: %s" % (ident, what, how))

    # 72-byte truncation: the key is the first 72 bytes (plus a NUL when shorter).
    for ident in ("2b", "2a", "2y"):
        base = bytes(rng.randrange(1, 256) for _ in range(72))
        h = make(base, ident, 4, bcrypt_salt(rng))
        tail = bytes(rng.randrange(1, 256) for _ in range(4096 - 72))
        b.add(base, h, "edge", "$%s$ 72-byte password vs its hash: match" % ident)
        b.add(base + tail[:1], h, "edge", "$%s$ 73 bytes (72 + 1) vs hash of the 72: match" % ident)
        b.add(base + tail[:28], h, "edge", "$%s$ 100 bytes vs hash of the first 72: match" % ident)
        b.add(base + tail, h, "edge", "$%s$ 4096 bytes vs hash of the first 72: match" % ident)
        b.add(base + tail + b"x", h, "edge", "$%s$ 4097 bytes: PasswordSizeError" % ident)
        b.add(base[:71], h, "edge", "$%s$ 71-byte prefix vs hash of 72: no match" % ident)
        b.add(base[:71] + bytes([base[71] ^ 1]), h, "edge", "$%s$ 72nd byte changed: no match" % ident)
        b.add(base + tail[:5] + b"\x00", h, "edge",
              "$%s$ NUL after byte 72 (ignored by the hash, still refused by passlib)" % ident)
    for n in (71, 72, 73, 100):
        pw = bytes(rng.randrange(1, 256) for _ in range(n))
        h = make(pw, "2b", 4, bcrypt_salt(rng))
        b.add(pw, h, "edge", "%d-byte password vs its own hash: match" % n)
        if n > 72:
            b.add(pw[:72], h, "edge", "first 72 bytes of a %d-byte password vs its hash: match" % n)
        b.add(pw[:70], h, "edge", "first 70 bytes of a %d-byte password: no match" % n)

    # $2$: a non-empty password is repeated to 72 bytes, so its cyclic repetitions are equivalent.
    salt = bcrypt_salt(rng)
    for pw, other, what in [
        (b"ab", b"abab", "'abab' vs $2$ hash of 'ab' (both repeat to the same 72 bytes): match"),
        (b"ab", b"ab" * 36, "'ab'*36 vs $2$ hash of 'ab': match"),
        (b"ab", b"ab" * 40, "'ab'*40 vs $2$ hash of 'ab': match"),
        (b"ab", b"aba", "'aba' vs $2$ hash of 'ab': no match"),
        (b"abc", b"abc" * 24, "'abc'*24 (72 bytes) vs $2$ hash of 'abc': match"),
        (b"x", P4, "'x'*72 vs $2$ hash of 'x': match"),
        (b"x", b"xx", "'xx' vs $2$ hash of 'x': match"),
        (b"password", b"password" * 9, "'password'*9 (72 bytes) vs $2$ hash of 'password': match"),
        (b"password", b"passwordp", "'passwordp' vs $2$ hash of 'password': no match"),
        (b"x" * 73, b"x" * 72, "72 x 'x' vs $2$ hash of 73 x 'x': match"),
        (b"", b"", "empty password vs $2$ hash of the empty password: match"),
        (b"", b"\x01", "0x01 vs $2$ hash of the empty password: no match"),
    ]:
        b.add(other, make(pw, "2", 4, salt), "edge", what)
    # $2$ vs $2b$: same salt and cost, different key handling
    h2b = make(P1, "2b", 4, salt)
    b.add(P1, "$2$" + h2b[4:], "edge", "$2b$ checksum under the $2$ ident: no match")
    b.add(P4, "$2$" + make(P4, "2b", 4, salt)[4:], "edge",
          "$2b$ hash of a 72-byte password under the $2$ ident (same 72-byte key): match")
    # $2a$/$2b$/$2y$ are the same algorithm: swap the ident of random hashes
    for _ in range(6):
        pw = random_password(rng, allow_nul=False)
        h = make(pw, "2b", 4, bcrypt_salt(rng))
        for ident in ("$2a$", "$2y$"):
            b.add(pw, ident + h[4:], "edge", "$2b$ hash with the ident changed to %s: match" % ident)

    # NUL in the password: refused (after the hash is parsed)
    h = make(P1, "2b", 4, salt)
    for pw, what in [(b"\x00", "single NUL"), (b"password\x00", "trailing NUL"), (b"\x00password", "leading NUL"),
                     (b"pass\x00word", "NUL inside")]:
        for ident in ("$2b$", "$2$"):
            b.add(pw, ident + h[4:], "edge", "%s with %s: PasswordValueError" % (ident, what))
    b.add(b"pass\x00word", "$2x$" + h[4:], "edge", "NUL password with $2x$: the hash error comes first")
    b.add(b"pass\x00word", h[:-1], "edge", "NUL password with a truncated hash: the hash error comes first")
    b.add(b"x" * 4097, "$2b$", "edge", "4097-byte password with a malformed hash: the size check comes first")

    # crypt_blowfish/OpenBSD bug-detection vectors passlib itself checks at load time
    b.add(b"\xd1\x91", "$2a$05$6bNw2HLQYeqHYyBfLMsv/OUcZd0LKP39b87nBw3.S2tVZSqiQX6eu", "edge",
          "passlib's 8-bit-bug self-test, correct hash: match")
    b.add(b"\xd1\x91", "$2a$05$6bNw2HLQYeqHYyBfLMsv/OiwqTymGIGzFsA4hOTWebfehXHNprcAS", "edge",
          "passlib's 8-bit-bug self-test, buggy ($2x$-style) hash under $2a$: no match")
    wrap = (b"0123456789" * 26)[:255]
    for ident in ("$2a$", "$2b$", "$2y$"):
        b.add(wrap, ident + "04$R1lJ2gkNaoPGdafE.H.16.1MKHPvmKwryeulRe225LKProWYwt9Oi", "edge",
              "passlib's wraparound self-test (255-byte password), correct hash: match")
        b.add(wrap, ident + "04$R1lJ2gkNaoPGdafE.H.16.nVyh2niHsGJhayOHLMiXlI45o8/DU.6", "edge",
              "passlib's wraparound self-test, OpenBSD-bug hash: no match")
    b.add(b"test", "$2$04$5BJqKfqMQvV7nS.yUguNcuRfMMOXK0xPWavM7pOzjEi5ze5T1k8/S", "edge",
          "passlib's $2$ self-test vector: match")

    # padding bits: every possible last char of the salt (4 spare bits) and the checksum (2 spare bits).
    # Chars that differ only in the spare bits are repaired and match; others change the data.
    for ch in BCRYPT64_CHARS:
        b.add(P1, p1_hash[:28] + ch + p1_hash[29:], None, "salt 22nd char %r (4 spare bits; canonical 'u')" % ch)
    for ch in BCRYPT64_CHARS:
        b.add(P1, p1_hash[:-1] + ch, None, "checksum 31st char %r (2 spare bits; canonical 'm')" % ch)
    hs = make(P2, "2y", 5, bcrypt_salt(rng))
    for _ in range(6):
        ch_s, ch_c = rng.choice(BCRYPT64_CHARS), rng.choice(BCRYPT64_CHARS)
        b.add(P2, hs[:28] + ch_s + hs[29:-1] + ch_c, None, "$2y$ salt last char %r, checksum last char %r" % (ch_s, ch_c))
    h2 = make(P1, "2", 4, salt)
    b.add(P1, h2[:27] + BCRYPT64_CHARS[BCRYPT64_CHARS.index(h2[27]) | 15] + h2[28:], None,
          "$2$ salt last char with all 4 spare bits set: match")

    # -- malformed hashes made by mutating valid ones
    bases = [(P1, p1_hash), (P1, FORMATS_BCRYPT[5][2])]
    pw = random_password(rng, allow_nul=False)
    bases.append((pw, make(pw, "2y", 5, bcrypt_salt(rng))))
    for pw, base in bases:
        for h, note in bcrypt_mutations(base, rng):
            b.add(pw, h, None, note)


def bcrypt_mutations(base: str, rng: random.Random):
    """Malformed or odd variants of one valid bcrypt hash: (hash, note) pairs."""
    ident = base[:base.index("$", 1) + 1]
    cost = base[len(ident):len(ident) + 2]
    data = base[len(ident) + 3:]
    salt, chk = data[:22], data[22:]

    def h(i=ident, c=cost, d=None):
        return "%s%s$%s" % (i, c, data if d is None else d)

    out = [
        ("", "empty string"), (ident, "ident only"), (ident + cost, "ident and cost only"),
        (ident + cost + "$", "ident, cost and '$'"),
        (h(d=salt), "config string: salt without checksum"),
        (h(d=salt[:-1]), "21-char salt, nothing else"),
        (h(d=data[:-1]), "checksum one char short"),
        (h(d=data + "."), "checksum one char long ('.')"),
        (h(d=data + chk[-1]), "checksum one char long (last char doubled)"),
        (h(d=data[:30]), "checksum truncated to 8 chars"),
        (h(d=salt + "$" + chk), "'$' between salt and checksum"),
        (h(d=data + "$"), "trailing '$'"),
        (h(d=data) + "$" + chk, "extra field"),
        (ident + "$" + cost + "$" + data, "empty field before the cost"),
        (ident + cost + "$$" + data, "empty field before the data"),
        (ident + data, "cost field missing"),
        (ident[:-1] + cost + "$" + data, "ident without its trailing '$'"),
        (base[1:], "leading '$' missing"),
        (" " + base, "leading space"), ("\t" + base, "leading tab"),
        (base + " ", "trailing space"), (base + "\n", "trailing newline"), (base + "\r\n", "trailing CRLF"),
        (base + "\x00", "trailing NUL"), (base + "é", "trailing é (non-ASCII)"),
        (h(d=salt[:5] + "é" + salt[6:] + chk), "é in the salt (non-ASCII)"),
        (h(d=salt + chk[:-1] + "€"), "€ as the last checksum char (non-ASCII)"),
        (h(d=salt + chk.swapcase()), "checksum case-swapped"),
        (h(d=chk[:22] + salt + chk[22:]), "salt and checksum chars shuffled"),
        (h(d=salt + "." * 31), "checksum all '.'"),
        (h(d=data.replace(".", "+").replace("/", "=")), "std base64 chars '+' '=' in the data"),
        (h(c="31", d=salt), "cost 31 config string (never computed)"),
        (h(c="31", d=data[:-1]), "cost 31, checksum one char short (never computed)"),
    ]
    for c in ("03", "00", "01", "32", "99", "4", "004", "+4", "-4", "-1", " 4", "4 ", "04 ", "ab", "", "4a", "0x4", "٠٤", "０４"):
        out.append((h(c=c), "cost %r" % c))
    for i in ("$2x$", "$2c$", "$2B$", "$2A$", "$2Y$", "$2z$", "$3$", "$2by$", "$2aa$", "$1$", "$2", "2b$", "$$2b$",
              "$2b$$", "$bcrypt$", "$2ⓑ$"):
        out.append((h(i=i), "ident %r" % i))
    for ch in ("+", "=", "-", "_", "!", "*", " ", "\t", "\x00", ","):
        i = rng.randrange(22)
        out.append((h(d=set_char(salt, i, ch) + chk), "salt char %d replaced by %r" % (i, ch)))
        j = rng.randrange(31)
        out.append((h(d=salt + set_char(chk, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
    return out


def bcrypt_backend() -> str:
    return "%s (pyca bcrypt %s)" % (bcrypt.get_backend(), pyca_bcrypt.__version__)


# --------------------------------------------------------------------------------------------
# bcrypt_sha256 (FORMATS.md §2.2)
# --------------------------------------------------------------------------------------------

BCRYPT_SHA256_V2_RE = re.compile(
    r"\A\$bcrypt-sha256\$v=([0-9]+),t=2b,r=([0-9]{1,2})\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})\n?\Z")
BCRYPT_SHA256_V1_RE = re.compile(
    r"\A\$bcrypt-sha256\$(2a|2b),([0-9]{1,2})\$([./A-Za-z0-9]{22})\$([./A-Za-z0-9]{31})\n?\Z")


def bcrypt_sha256_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's bcrypt_sha256 parser: passlib's two regexes exactly (one final '\\n' allowed)."""
    if not hash_text.isascii():
        return "non-ascii"
    m = BCRYPT_SHA256_V2_RE.match(hash_text)
    if m:
        if int(m.group(1)) != 2:
            return "version"
        rounds = m.group(2)
    else:
        m = BCRYPT_SHA256_V1_RE.match(hash_text)
        if not m:
            return "syntax"
        rounds = m.group(2)
    if rounds.startswith("0") and rounds != "0":
        return "rounds-zero-padded"
    if not 4 <= int(rounds) <= 31:
        return "cost-range"
    return None


FORMATS_BCRYPT_SHA256 = [
    ("§8 P1 v2 r=4", P1, "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "true"),
    ("§8 P2 v2 r=4", P2, "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$x7dS7PTvS87LEFaqkiPIcMnbwASfMn6", "true"),
    ("§8 P3 v2 r=4", P3, "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$2YZyxpuwYaPasMvMDkwkEFRN4XLF75a", "true"),
    ("§8 P1 v1 2b,4", P1, "$bcrypt-sha256$2b,4$abcdefghijklmnopqrstuu$NjBgm1f5PAJarK9STLtnoQTHtx3RGk.", "true"),
    ("§8 P2 v1 2b,4", P2, "$bcrypt-sha256$2b,4$abcdefghijklmnopqrstuu$l6/EHSdgEUStUDiNU0fdj2ocuYSzleW", "true"),
    ("§8 P3 v1 2b,4", P3, "$bcrypt-sha256$2b,4$abcdefghijklmnopqrstuu$Wr0z8qctgs2wv3/eOHizl9LDgLvY5ue", "true"),
    ("§8 P1 v1 2a,4", P1, "$bcrypt-sha256$2a,4$abcdefghijklmnopqrstuu$NjBgm1f5PAJarK9STLtnoQTHtx3RGk.", "true"),
    ("§9 salt last char 'u'->'v'", P1, "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuv$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "true"),
    ("§9 r=04", P1, "$bcrypt-sha256$v=2,t=2b,r=04$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "error:ValueError"),
    ("§9 trailing newline", P1, "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG\n", "true"),
    ("§9 NUL in password (allowed)", b"pass\x00word", "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$1VvoNuZ0sds31bOGAGVLxmD/x8Cooom", "true"),
    ("§9 further: v=3", P1, "$bcrypt-sha256$v=3,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "error:ValueError"),
    ("§9 further: v=02", P1, "$bcrypt-sha256$v=02,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "true"),
    ("§9 further: t=2a in v2", P1, "$bcrypt-sha256$v=2,t=2a,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "error:ValueError"),
    ("§9 further: t=2y in v2", P1, "$bcrypt-sha256$v=2,t=2y,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "error:ValueError"),
    ("§9 further: v1 with 2y", P1, "$bcrypt-sha256$2y,4$abcdefghijklmnopqrstuu$NjBgm1f5PAJarK9STLtnoQTHtx3RGk.", "error:ValueError"),
]


def gen_bcrypt_sha256(b: Builder):
    rng = b.rng

    def make(pw: bytes, version: int, cost: int, salt: str, ident: str = "2b") -> str:
        return b.handler.using(version=version, ident=ident, rounds=cost, salt=salt).hash(pw)

    for note, pw, h, doc in FORMATS_BCRYPT_SHA256:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_v2, p1_v1 = FORMATS_BCRYPT_SHA256[0][2], FORMATS_BCRYPT_SHA256[3][2]

    # -- random well-formed hashes: both versions, NULs and long passwords allowed (no truncation)
    for i in range(150):
        version, ident = ((2, "2b"), (2, "2b"), (1, "2b"), (1, "2a"))[i % 4]
        cost = 4 if rng.random() < 0.85 else 5
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 120)))
        h = make(pw, version, cost, bcrypt_salt(rng), ident)
        b.add_pair(pw, h, "v%d %s cost %d, %s" % (version, ident, cost, describe_password(pw)))

    # -- no 72-byte truncation: the pre-hash sees every byte
    for version in (1, 2):
        base = bytes(rng.randrange(1, 256) for _ in range(72))
        h = make(base + b"tail", version, 4, bcrypt_salt(rng))
        b.add(base + b"tail", h, "edge", "v%d 76-byte password vs its hash: match" % version)
        b.add(base, h, "edge", "v%d first 72 bytes of it: no match (no truncation)" % version)
        big = bytes(rng.randrange(256) for _ in range(4096))
        hb = make(big, version, 4, bcrypt_salt(rng))
        b.add(big, hb, "edge", "v%d 4096-byte password (the maximum): match" % version)
        b.add(big[:-1] + bytes([big[-1] ^ 1]), hb, "wrong_password", "v%d 4096-byte password, last byte changed" % version)
        b.add(big + b"x", hb, "edge", "v%d 4097-byte password: PasswordSizeError" % version)
        for pw, what in [(b"\x00", "single NUL"), (b"\x00" * 3, "three NULs"), (b"a\x00b", "NUL inside")]:
            hn = make(pw, version, 4, bcrypt_salt(rng))
            b.add(pw, hn, "edge", "v%d %s (allowed): match" % (version, what))
            b.add(pw.rstrip(b"\x00") or b"x", hn, "edge", "v%d %s stripped: no match" % (version, what))

    # -- v1 vs v2: same salt and cost, different pre-hash; 2a and 2b are the same in v1
    salt = bcrypt_salt(rng)
    h2, h1 = make(P1, 2, 4, salt), make(P1, 1, 4, salt)
    b.add(P1, h1.replace("$2b,", "$2a,"), "edge", "v1 2b hash written 2a: match")
    b.add(P1, h2[:h2.index("$", 15)] + h1[h1.index("$", 15):], "edge", "v1 checksum under the v2 header: no match")
    b.add(P1, h1[:h1.index("$", 15)] + h2[h2.index("$", 15):], "edge", "v2 checksum under the v1 header: no match")
    b.add(P1, "$2b$04$" + salt + h2.rsplit("$", 1)[1], None, "plain bcrypt with a bcrypt_sha256 checksum")

    # -- version field: any number of digits that equals 2
    for v in ("2", "02", "002", "0000000002"):
        b.add(P1, p1_v2.replace("v=2,", "v=%s," % v), "edge", "version %r: match" % v)
    for v in ("0", "1", "01", "3", "4", "9", "20", "12", "99999999999999999999", "", "+2", " 2", "2 ", "a", "-2", "２"):
        b.add(P1, p1_v2.replace("v=2,", "v=%s," % v), None, "version %r" % v)

    # -- padding bits: the salt is repaired before it keys the HMAC; the checksum is repaired too
    for ch in BCRYPT64_CHARS:
        b.add(P1, p1_v2[:49] + ch + p1_v2[50:], None, "v2 salt 22nd char %r (canonical 'u')" % ch)
    for ch in BCRYPT64_CHARS:
        b.add(P1, p1_v2[:-1] + ch, None, "v2 checksum 31st char %r (canonical 'G')" % ch)
    for ch in ".Oevw":
        b.add(P1, p1_v1[:41] + ch + p1_v1[42:], None, "v1 salt 22nd char %r" % ch)

    # -- malformed: mutations of the two layouts
    for pw, base in [(P1, p1_v2), (P1, p1_v1)]:
        for h, note in bcrypt_sha256_mutations(base, rng):
            b.add(pw, h, None, note)
    b.add(b"pass\x00word", p1_v2[:-1], None, "NUL password with a truncated hash: malformed")
    b.add(b"x" * 4097, "$bcrypt-sha256$", "edge", "4097-byte password with a malformed hash: the size check comes first")


def bcrypt_sha256_mutations(base: str, rng: random.Random):
    head, salt, chk = base.rsplit("$", 2)
    params = head[len("$bcrypt-sha256$"):]
    v2 = params.startswith("v=")

    def h(p=params, s=salt, c=chk, prefix="$bcrypt-sha256$"):
        return "%s%s$%s$%s" % (prefix, p, s, c)

    out = [
        ("", "empty string"), ("$bcrypt-sha256$", "prefix only"), ("$bcrypt-sha256$" + params, "params only"),
        (head + "$" + salt, "config string (no checksum)"), (head + "$" + salt + "$", "empty checksum"),
        (h(s=salt[:-1]), "salt one char short"), (h(s=salt + "a"), "salt one char long"),
        (h(c=chk[:-1]), "checksum one char short"), (h(c=chk + "."), "checksum one char long"),
        (h(s=salt + chk), "salt and checksum run together"), (h() + "$", "trailing '$'"),
        (h() + "\n\n", "two trailing newlines"), (h() + "\r\n", "trailing CRLF"), (h() + " ", "trailing space"),
        (" " + h(), "leading space"), (h() + "\x00", "trailing NUL"), (h() + "é", "trailing é"),
        (h(prefix="$BCRYPT-SHA256$"), "prefix upper-cased"), (h(prefix="$bcrypt_sha256$"), "prefix with '_'"),
        (h(prefix="$bcrypt-sha256$$"), "empty field after the prefix"), (h(s=salt.swapcase()), "salt case-swapped"),
        (h(c=chk.swapcase()), "checksum case-swapped"),
        (h(s=salt[:5] + "é" + salt[6:]), "é in the salt"), (h(c=chk[:-1] + "€"), "€ in the checksum"),
    ]
    if v2:
        for p in ("v=2,t=2b", "v=2,t=2b,r=4,x=1", "t=2b,v=2,r=4", "v=2,r=4,t=2b", "v=2,t=2b,r=", "v=2,t=2b,r=4,",
                  "v=2;t=2b;r=4", "V=2,T=2B,R=4", "v=2,t=2b,r=03", "v=2,t=2b,r=3", "v=2,t=2b,r=32", "v=2,t=2b,r=99",
                  "v=2,t=2b,r=0", "v=2,t=2b,r=100", "v=2,t=2b,r=+4", "v=2,t=2b,r= 4", "v=2,t=2b,r=a",
                  "v=2,t=2,r=4", "v=2,t=2x,r=4", "v=2,t=,r=4", "v=2,,t=2b,r=4", "2b,4", "v=2,t=2b,r=٤"):
            out.append((h(p=p), "params %r" % p))
    else:
        for p in ("2b", "2b,", ",4", "2b,04", "2b,3", "2b,32", "2b,0", "2b,100", "2y,4", "2x,4", "2,4", "2B,4",
                  "2b;4", "2b,+4", "2b, 4", "2b,4,4", "$2b,4", "2b,٤"):
            out.append((h(p=p), "params %r" % p))
    for ch in ("+", "=", "-", "_", "!", " ", "\t", "\x00", ","):
        i = rng.randrange(22)
        out.append((h(s=set_char(salt, i, ch)), "salt char %d replaced by %r" % (i, ch)))
        j = rng.randrange(31)
        out.append((h(c=set_char(chk, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
    return out


def bcrypt_sha256_backend() -> str:
    return "%s (pyca bcrypt %s)" % (bcrypt_sha256.get_backend(), pyca_bcrypt.__version__)


# --------------------------------------------------------------------------------------------
# scrypt: `$scrypt$` and `$7$` (FORMATS.md §3.2, §3.3)
# --------------------------------------------------------------------------------------------

STD_B64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
H64_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SCRYPT_DEVIATIONS = ("params-not-plain-decimal", "base64-junk", "base64-padding", "cost-over-limit")
# pwcheck's default limit on the memory a scrypt hash may ask for (core::Limits::max_scrypt_memory),
# 128*r*(N + p + 2) bytes: 2 GiB, about passlib's own bound (maxmem < 2^31 - 1 with a 5% fudge).
SCRYPT_MAX_MEMORY = 2 ** 31


def std_b64_field_problem(text: str) -> Optional[str]:
    if any(c not in STD_B64_CHARS and c != "=" for c in text):
        return "base64-junk"
    if "=" in text:
        return "base64-padding"
    if len(text) % 4 == 1:
        return "base64-length"
    return None


def scrypt_params_problem(ln: int, r: int, p: int) -> Optional[str]:
    """passlib's (and RFC 7914's) ranges, then pwcheck's memory limit."""
    if not 1 <= ln <= 31 or r < 1 or p < 1 or r * p >= 2 ** 30:
        return "param-range"
    if ln >= 16 * r:  # N < 2^(16 r), RFC 7914 §2
        return "param-range"
    if 128 * r * (2 ** ln + p + 2) > SCRYPT_MAX_MEMORY:
        return "cost-over-limit"
    return None


def h64_int(text: str) -> Optional[int]:
    """Little-endian hash64 integer (first char = lowest 6 bits), as $7$ writes N, r and p."""
    v = 0
    for i, c in enumerate(text):
        if c not in H64_CHARS:
            return None
        v |= H64_CHARS.index(c) << (6 * i)
    return v


def scrypt_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's scrypt parser: None if it accepts the hash syntax, else a reason id."""
    if not hash_text.isascii():
        return "non-ascii"
    if hash_text.startswith("$scrypt$"):
        parts = hash_text[len("$scrypt$"):].split("$")
        if len(parts) != 3:
            return "field-count"
        params, salt, chk = parts
        fields = params.split(",")
        if len(fields) != 3 or not (fields[0].startswith("ln=") and fields[1].startswith("r=")
                                    and fields[2].startswith("p=")):
            return "params-layout"
        values = [f.split("=", 1)[1] for f in fields]
        if not all(re.fullmatch(r"[0-9]+", v) for v in values):
            return "params-not-plain-decimal"
        problem = std_b64_field_problem(salt)
        if problem:
            return problem
        if len(salt) * 3 // 4 > 1024:
            return "salt-too-long"
        if not chk:
            return "missing-checksum"
        problem = std_b64_field_problem(chk)
        if problem:
            return problem
        if len(chk) * 3 // 4 != 32:
            return "checksum-size"
        return scrypt_params_problem(*(int(v) for v in values))
    if hash_text.startswith("$7$"):
        parts = hash_text[3:].split("$")
        if len(parts) != 2:
            return "field-count"
        setting, chk = parts
        if len(setting) < 11:
            return "params-short"
        ln, r, p = h64_int(setting[0]), h64_int(setting[1:6]), h64_int(setting[6:11])
        if ln is None or r is None or p is None:
            return "params-chars"
        if not chk:
            return "missing-checksum"
        if len(chk) != 43 or any(c not in H64_CHARS for c in chk):
            return "checksum"
        return scrypt_params_problem(ln, r, p)
    return "prefix"


FORMATS_SCRYPT = [
    ("§8 P1 ln=4,r=8,p=1", P1, "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "true"),
    ("§8 P2 ln=4,r=8,p=1", P2, "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$xIKY6r54tl0GMn7AFxtYw247dxkclkS5+6M8qiE/Zog", "true"),
    ("§8 P3 ln=4,r=8,p=1", P3, "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$KjMXA+ztMvG1DNU/OJLnH+cwgCb03WVM93yCoDb2OPE", "true"),
    ("§8 P1 ln=4,r=2,p=3 empty salt", P1, "$scrypt$ln=4,r=2,p=3$$W3o219haTidRn6Jo1gjsB5uMxJnjHmLl/x5g0s9NZj8", "true"),
    ("§8 P1 $7$ N=2^4,r=8,p=1", P1, "$7$26..../....SodiumChloride$QCXypikOdrGUuQTbSEJ5PInpJbIxJiy9TRvuJ0MqLsA", "true"),
    ("§8 P2 $7$ N=2^4,r=8,p=1", P2, "$7$26..../....SodiumChloride$9Lgk9g7fHuMulEHhHYD4QMlUxKpUAcWCXTxv4ei4qQC", "true"),
    ("§8 P3 $7$ N=2^4,r=8,p=1", P3, "$7$26..../....SodiumChloride$urYfwSyPTqJK.GR6OCEbXfH3TYFoLiPHgF3VZFUhRF/", "true"),
    ("§8 libsodium $7$ vector N=2^14", b"pleaseletmein", "$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D", "true"),
    ("§8.1 libxcrypt $7$ N=2^14,r=32", P1, "$7$CU..../....saltsaltsaltsalt$ItR7wyQ3EVfzSRCDeC98cuWtl3VF8pvKc06spijEkR3", "true"),
    ("§9 ln=04", P1, "$scrypt$ln=04,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "true"),
    ("§9 params reordered", P1, "$scrypt$r=8,ln=4,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "error:AssertionError"),
    ("§9 ln=16,r=1 (N >= 2^(16r))", P1, "$scrypt$ln=16,r=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "error:ValueError"),
]


def gen_scrypt(b: Builder):
    rng = b.rng

    def make(pw: bytes, ln: int, r: int, p: int, salt: bytes, ident: str = "$scrypt$") -> str:
        return b.handler.using(ident=ident, rounds=ln, block_size=r, parallelism=p, salt=salt).hash(pw)

    def rand_salt(n=None) -> bytes:
        n = rng.choice((0, 1, 2, 3, 16, 16, rng.randint(0, 48))) if n is None else n
        return bytes(rng.randrange(256) for _ in range(n))

    def h64_salt(n: int) -> bytes:
        return "".join(rng.choice(H64_CHARS) for _ in range(n)).encode("ascii")

    def cheap_params():
        ln = rng.randint(1, 6)
        r = rng.randint(1, 8)
        while ln >= 16 * r:
            ln -= 1
        return ln, r, rng.randint(1, 3)

    for note, pw, h, doc in FORMATS_SCRYPT:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash, p1_7 = FORMATS_SCRYPT[0][2], FORMATS_SCRYPT[4][2]

    # -- random well-formed hashes, both formats
    for i in range(170):
        ln, r, p = cheap_params()
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 150)))
        if i % 3 == 2:
            salt = h64_salt(rng.choice((0, 1, 8, 16, 22, rng.randint(0, 40))))
            h = make(pw, ln, r, p, salt, "$7$")
            b.add_pair(pw, h, "$7$ ln=%d r=%d p=%d, %dB salt, %s" % (ln, r, p, len(salt), describe_password(pw)))
        else:
            salt = rand_salt()
            h = make(pw, ln, r, p, salt)
            b.add_pair(pw, h, "ln=%d r=%d p=%d, %dB salt, %s" % (ln, r, p, len(salt), describe_password(pw)))

    # -- passwords: NUL, long, the maximum (scrypt's PBKDF2 pre-hashes keys longer than 64 bytes)
    for pw, what in [(b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"), (b"x" * 64, "64 bytes"),
                     (b"x" * 65, "65 bytes"), (bytes(range(1, 256)), "255 distinct bytes")]:
        h = make(pw, 3, 4, 1, rand_salt(16))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    b.add(P1 + b"\x00", make(P1, 3, 4, 1, b"saltsalt"), "edge", "password + NUL vs hash of password (HMAC zero-pads): match")
    big = bytes(rng.randrange(256) for _ in range(4096))
    h = make(big, 2, 2, 1, rand_salt(16))
    b.add(big, h, "edge", "4096-byte password (the maximum): match")
    b.add(big + b"x", h, "edge", "4097-byte password: PasswordSizeError")

    # -- parameter extremes that stay cheap
    for ln, r, p in [(1, 1, 1), (15, 1, 1), (1, 8, 1), (2, 1, 16), (1, 1, 64), (4, 16, 1), (1, 40, 1), (3, 2, 20)]:
        b.add(P1, make(P1, ln, r, p, b"salt"), "edge", "ln=%d r=%d p=%d: match" % (ln, r, p))
        b.add(P1, make(P1, ln, r, p, b"salt", "$7$"), "edge", "$7$ ln=%d r=%d p=%d: match" % (ln, r, p))
    s1024 = rand_salt(1024)
    b.add(P1, make(P1, 2, 1, 1, s1024), "edge", "1024-byte salt (the maximum): match")
    body = p1_hash[p1_hash.index("$", 8):]
    for params in ("ln=004,r=8,p=1", "ln=4,r=08,p=01", "ln=4,r=0008,p=1"):
        b.add(P1, "$scrypt$" + params + body, "edge", "zero-padded params %r (passlib accepts): match" % params)
    # cost over pwcheck's memory limit: refused before any work (passlib refuses these too)
    for params in ("ln=21,r=8,p=1", "ln=31,r=8,p=1", "ln=20,r=16,p=1", "ln=1,r=1,p=1073741823",
                   "ln=1,r=1024,p=1048575", "ln=30,r=2,p=1"):
        b.add(P1, "$scrypt$" + params + body, None, "params %s over the memory limit" % params)
    salt7 = p1_7[14:p1_7.index("$", 3)]
    chk7 = p1_7.rsplit("$", 1)[1]
    for setting, what in [("J6..../....", "ln=21 r=8: over the memory limit"), ("t6..../....", "ln=56 (passlib's maximum is 31)"),
                          ("26....zzzz/", "p about 2^25: over the memory limit"), ("2.....3....", "r=0")]:
        b.add(P1, "$7$" + setting + salt7 + "$" + chk7, None, "$7$ setting %r: %s" % (setting, what))

    # -- $7$: the salt is the literal text, not decoded
    h = make(P1, 4, 8, 1, b"c2FsdHNhbHRzYWx0c2FsdA", "$7$")
    b.add(P1, h, "edge", "$7$ with a base64-looking salt used verbatim: match")
    for salt in (b"!#%&()*+,-.:;<=>?@[]^_`{|}~", b" spaces and \ttab", b"\\back\\slash", b"a"):
        h = make(P1, 3, 8, 1, salt, "$7$")
        b.add(P1, h, "edge", "$7$ salt of odd ASCII %r: match" % salt.decode())
        b.add(b"wrong", h, "wrong_password", "$7$ salt of odd ASCII: wrong password")

    # -- base64 leniency in $scrypt$: unused bits, junk, padding
    r0, s0, c0 = p1_hash[len("$scrypt$"):].split("$")
    for ch in STD_B64_CHARS:
        b.add(P1, "$scrypt$%s$%s$%s" % (r0, s0[:-1] + ch, c0), None, "salt last char %r (4 spare bits)" % ch)
        b.add(P1, "$scrypt$%s$%s$%s" % (r0, s0, c0[:-1] + ch), None, "checksum last char %r (2 spare bits)" % ch)
    for ch in H64_CHARS:
        b.add(P1, p1_7[:-1] + ch, None, "$7$ checksum last char %r (2 spare bits)" % ch)

    # -- malformed
    for pw, base in [(P1, p1_hash), (P1, FORMATS_SCRYPT[3][2])]:
        for h, note in scrypt_mutations(base, rng):
            b.add(pw, h, None, note)
    for h, note in scrypt7_mutations(p1_7, rng):
        b.add(P1, h, None, note)
    b.add(b"x" * 4097, "$scrypt$", "edge", "4097-byte password with a malformed hash: the size check comes first")


def scrypt_mutations(base: str, rng: random.Random):
    params, salt, chk = base[len("$scrypt$"):].split("$")

    def h(p=params, s=salt, c=chk, prefix="$scrypt$"):
        return "%s%s$%s$%s" % (prefix, p, s, c)

    out = [
        ("", "empty string"), ("$scrypt$", "prefix only"), ("$scrypt$" + params, "params only"),
        ("$scrypt$%s$%s" % (params, salt), "config string (no checksum)"), (h(c=""), "empty checksum"),
        (h() + "$", "trailing '$'"), (h() + "$" + chk, "checksum repeated"), (h() + "\n", "trailing newline"),
        (h() + " ", "trailing space"), (" " + h(), "leading space"), (h() + "\x00", "trailing NUL"),
        (h(prefix="$SCRYPT$"), "$SCRYPT$"), (h(prefix="$scrypt"), "prefix without '$'"),
        (h(c=chk[:-1]), "checksum one char short"), (h(c=chk + "A"), "checksum one char long"),
        (h(c=chk + "="), "checksum + '='"), (h(c=chk[:-2]), "checksum two chars short"),
        (h(c=chk.replace("+", ".").replace("/", "_")), "checksum in other alphabets"),
        (h(s=salt + "="), "salt + '='"), (h(s=salt + "=="), "salt + '=='"), (h(s=salt + "!"), "salt + '!'"),
        (h(s="A" * 5), "salt of 5 chars (length 1 mod 4)"), (h(s=salt[:2] + "." + salt[2:]), "'.' in the salt (junk in std base64)"),
        (h(s="QUFB" * 342), "salt of 1026 bytes"), (h(c=chk + "é"), "checksum + é"),
    ]
    for p in ("ln=4,r=8", "ln=4,r=8,p=1,x=1", "r=8,ln=4,p=1", "ln=4,p=1,r=8", "n=4,r=8,p=1", "LN=4,R=8,P=1",
              "ln=,r=8,p=1", "ln=4,r=,p=1", "ln=4,r=8,p=", "ln=0,r=8,p=1", "ln=32,r=8,p=1", "ln=4,r=0,p=1",
              "ln=4,r=8,p=0", "ln=-4,r=8,p=1", "ln=4,r=-8,p=1", "ln=a,r=8,p=1", "ln=4.0,r=8,p=1", "ln=4;r=8;p=1",
              "ln=4,,r=8,p=1", "ln=99999999999999999999,r=8,p=1", "ln=4,r=99999999999999999999,p=1",
              "ln=4,r=8,p=99999999999999999999", "ln=16,r=1,p=1", "ln=17,r=1,p=1", "ln=4,r=32768,p=32768",
              "ln=+4,r=8,p=1", "ln= 4,r=8,p=1", "ln=4 ,r=8,p=1", "ln=4,r=8,p=1_0", "ln=٤,r=8,p=1"):
        out.append((h(p=p), "params %r" % p))
    for ch in ("!", "-", "_", "*", "$", " ", "\x00", "é"):
        i = rng.randrange(len(chk))
        out.append((h(c=set_char(chk, i, ch)), "checksum char %d replaced by %r" % (i, ch)))
    return out


def scrypt7_mutations(base: str, rng: random.Random):
    setting, chk = base[3:].split("$")

    def h(s=setting, c=chk):
        return "$7$%s$%s" % (s, c)

    out = [
        ("$7$", "prefix only"), ("$7$" + setting, "config string (no checksum)"), (h(c=""), "empty checksum"),
        (h() + "$", "trailing '$'"), (h() + "\n", "trailing newline"), (h() + " ", "trailing space"),
        (h(c=chk[:-1]), "checksum one char short"), (h(c=chk + "."), "checksum one char long"),
        (h(c=chk + "=="), "checksum + '=='"), (h(c=chk[:10] + "+" + chk[11:]), "'+' in the checksum"),
        (h(s=setting[:10]), "setting of 10 chars"), (h(s=setting[:11]), "empty salt: valid shape"),
        (h(s="2"), "setting of 1 char"), (h(s=""), "empty setting"), ("$7$$" + chk, "empty setting field"),
        (h(s="." + setting[1:]), "ln 0"), (h(s="2....." + setting[6:]), "r 0"), (h(s=setting[:6] + "....." + setting[11:]), "p 0"),
        (h(s="!" + setting[1:]), "ln char '!'"), (h(s=setting[:3] + "!" + setting[4:]), "r char '!'"),
        (h(s="t" + setting[1:]), "ln 56 (libxcrypt allows up to 63, passlib 31)"),
        (h(s="2" + "zzzzz" + setting[6:]), "r = 2^30-1"), (h(s="$7$" + setting), "ident repeated"),
        (h(s=setting[:14] + "é" + setting[15:]), "é in the salt"), (h(c=chk.upper()), "checksum upper-cased"),
        (h(c=chk[:-1] + "€"), "€ in the checksum"), ("$7" + h()[3:], "ident without '$'"),
    ]
    for ch in ("!", "-", "_", "=", " ", "\x00"):
        i = rng.randrange(len(chk))
        out.append((h(c=set_char(chk, i, ch)), "checksum char %d replaced by %r" % (i, ch)))
    return out


def scrypt_backend() -> str:
    return scrypt.get_backend()
# sha256_crypt / sha512_crypt (FORMATS.md §4.1)
# --------------------------------------------------------------------------------------------

HASH64_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SHA_CRYPT_ROUNDS_RE = re.compile(r"\A(?:0|[1-9][0-9]*)\Z")
SHA_CRYPT_DEVIATIONS = ("rounds-not-plain-decimal",)
# scheme name -> (ident, checksum chars)
SHA_CRYPT_PARAMS = {"sha256_crypt": ("$5$", 43), "sha512_crypt": ("$6$", 86)}


def sha_crypt_strict(ident: str, checksum_chars: int):
    """Model of pwcheck's sha-crypt parser: None if it accepts the hash syntax, else a reason id."""
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(ident):
            return "prefix"
        parts = hash_text[len(ident):].split("$")
        if parts[0].startswith("rounds="):
            rounds = parts.pop(0)[len("rounds="):]
            if not SHA_CRYPT_ROUNDS_RE.match(rounds):
                return "rounds-not-plain-decimal"
            if not 1000 <= int(rounds) <= 999999999:
                return "rounds-range"
        if len(parts) == 1 or (len(parts) == 2 and not parts[1]):
            return "missing-checksum"
        if len(parts) != 2:
            return "field-count"
        salt, chk = parts
        if len(salt) > 16:
            return "salt-too-long"
        if any(c not in HASH64_CHARS for c in salt):
            return "salt-chars"
        if len(chk) != checksum_chars:
            return "checksum-size"
        if any(c not in HASH64_CHARS for c in chk):
            return "checksum-chars"
        return None
    return strict


# FORMATS.md §8 (each verified True) and §9 (documented outcome).
FORMATS_SHA_CRYPT = {
    "sha256_crypt": [
        ("§8 P1 rounds=1000", P1, "$5$rounds=1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", "true"),
        ("§8 P2 rounds=1000", P2, "$5$rounds=1000$saltsalt$ZL0IPRzokTZNtI2lg1Ar/o92vdgUBCGTkYdBnyuXIFD", "true"),
        ("§8 P3 rounds=1000", P3, "$5$rounds=1000$saltsalt$Naw4j7Jsi9DJmo461n8iSYTXTcY98Ufoq.Xsn7KkFN7", "true"),
        ("§8 P1 implicit rounds=5000", P1, "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.", "true"),
        ("§8 P1 rounds=1000 empty salt", P1, "$5$rounds=1000$$YwQnHQDOPsCJlryuA75uU221CK6G/vNP6xF0y89gq18", "true"),
        ("§9 explicit rounds=5000, same checksum", P1, "$5$rounds=5000$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.", "true"),
        ("§9 rounds=999", P1, "$5$rounds=999$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", "error:ValueError"),
        ("§9 17-char salt + checksum", P1, "$5$rounds=1000$abcdefghijklmnopq$0.i7pTkgRcrwt4JftU7Ve3MEMb/4W.rkuUQqGV6THd8", "error:ValueError"),
        ("§9 16-char truncation of the above (libxcrypt output)", P1, "$5$rounds=1000$abcdefghijklmnop$0.i7pTkgRcrwt4JftU7Ve3MEMb/4W.rkuUQqGV6THd8", "true"),
        ("§9 NUL in password", b"pa\x00ss", "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.", "error:ValueError"),
        ("§9 further: rounds=01000", P1, "$5$rounds=01000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", "error:ValueError"),
        ("§9 further: rounds=1000000000", P1, "$5$rounds=1000000000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", "error:ValueError"),
    ],
    "sha512_crypt": [
        ("§8 P1 rounds=1000", P1, "$6$rounds=1000$saltsalt$Z/J9iYO1iE9xnr8JPQL57ZWsVRtVjrUv3CiWc/wKWseqXgSqn3HFYJ/Ng7YXa8XlLj.wpdAwHOJJzuGFqBBRa0", "true"),
        ("§8 P2 rounds=1000", P2, "$6$rounds=1000$saltsalt$0TpmhGy8gjjwadQ/LM4a9jM84jzL0sRz3gQa/BnL1fNfFPgafdD1Oh5aNSr1eMrLid9TpO4rCRudX1pw3jz9b0", "true"),
        ("§8 P3 rounds=1000", P3, "$6$rounds=1000$saltsalt$VEHSITfYmhRDpD6t31S9LUhNne.FOx10qNSjfu2skYK5wKPYCkdF/995SUbfpqIy5BFbEit9G4aDmW4aq4oX9.", "true"),
        ("§8 P1 implicit rounds=5000", P1, "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", "true"),
        ("§8 P1 rounds=1000 empty salt", P1, "$6$rounds=1000$$6TFP.7u1vZP5A9fccvmUPteI8f29BLhgfqL1XEQqcrvqTSKKw5SBa2qw1sOwLEQ41Dhl1u/Jbi2hRHRYCdxuv0", "true"),
    ],
}


def sha_crypt_salt(rng: random.Random, n: Optional[int] = None) -> str:
    n = rng.randint(0, 16) if n is None else n
    return "".join(rng.choice(HASH64_CHARS) for _ in range(n))


def gen_sha_crypt(b: Builder):
    ident, chk_len = SHA_CRYPT_PARAMS[b.scheme.name]
    rng = b.rng

    def make(pw: bytes, rounds: int, salt: str) -> str:
        # passlib writes the compact (implicit) form for rounds=5000
        return b.handler.using(rounds=rounds, salt=salt).hash(pw)

    def no_nul(pw: bytes) -> bool:
        return b"\x00" not in pw

    def explicit(h: str) -> str:
        """The same hash with the implied rounds=5000 written out."""
        assert not h.startswith(ident + "rounds=")
        return ident + "rounds=5000$" + h[len(ident):]

    # -- FORMATS.md vectors
    for note, pw, h, doc in FORMATS_SHA_CRYPT[b.scheme.name]:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = FORMATS_SHA_CRYPT[b.scheme.name][0][2]

    # -- random well-formed hashes: random salt lengths 0..16, rounds 1000..3000 or implicit 5000
    for i in range(150):
        pw = random_password(rng, allow_nul=False, max_len=rng.choice((40, 40, 40, 200)))
        rounds = 5000 if i % 8 == 0 else rng.randint(1000, 3000)
        salt = sha_crypt_salt(rng)
        h = make(pw, rounds, salt)
        b.add_pair(pw, h, "%s, %s, %d-char salt" % (
            describe_password(pw), "implicit rounds" if rounds == 5000 else "rounds=%d" % rounds, len(salt)),
            allowed=no_nul)
        if rounds == 5000 and i % 16 == 0:
            b.add(pw, explicit(h), "edge", "implicit-rounds hash with rounds=5000 written out: match")

    # -- password edge cases, around the block sizes of the round messages
    specials = [
        (b"", "empty password"), (b"a", "1-byte password"),
        ("é".encode(), "é"), ("€".encode(), "€"), ("🔑".encode(), "emoji"), ("漢字パスワード".encode(), "CJK"),
        (b"\x80", "lone continuation byte 0x80 (passlib's builtin backend)"), (b"\xff", "byte 0xff"),
        (b"\xff\xfe\x80\xc0", "invalid UTF-8 run"), (b"\xc3", "truncated UTF-8 sequence"),
        (b" password ", "surrounding spaces are significant"), (b"password\n", "trailing newline is significant"),
    ]
    for n in (15, 16, 17, 31, 32, 33, 47, 48, 55, 56, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 1000):
        specials.append((bytes(rng.randrange(1, 256) for _ in range(n)), "%d-byte password" % n))
    for pw, what in specials:
        h = make(pw, rng.randint(1000, 1500), sha_crypt_salt(rng, 16))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h, no_nul)
        b.add(wrong, h, "wrong_password", "%s: %s" % (what, how))
    long_pw = bytes(rng.randrange(1, 256) for _ in range(4096))
    h = make(long_pw, 1000, sha_crypt_salt(rng, 16))
    b.add(long_pw, h, "edge", "4096-byte password (the maximum): match")
    b.add(long_pw[:-1], h, "edge", "4095-byte prefix of it: no match")
    b.add(long_pw + b"x", h, "edge", "4097 bytes: PasswordSizeError")
    b.add(b"x" * 4097, ident, "edge", "4097-byte password with a malformed hash: the size check comes first")

    # -- every salt length, and the rounds boundaries
    for n in range(17):
        pw = random_password(rng, allow_nul=False)
        b.add(pw, make(pw, 1000, sha_crypt_salt(rng, n)), "edge", "%d-char salt: match" % n)
    salt = sha_crypt_salt(rng, 16)
    for r in (1000, 1001, 4999, 5001):
        b.add(P1, make(P1, r, salt), "edge", "rounds=%d: match" % r)
    h5000 = make(P1, 5000, salt)
    b.add(P1, h5000, "edge", "rounds=5000 made by passlib (compact form): match")
    b.add(P1, explicit(h5000), "edge", "the same with rounds=5000 written out: match")
    h1000 = make(P1, 1000, salt)
    b.add(P1, ident + h1000[len(ident + "rounds=1000$"):], "edge",
          "rounds=1000 checksum under implicit rounds (5000): no match")
    b.add(P1, ident + "rounds=1001$" + h1000[len(ident + "rounds=1000$"):], "edge",
          "rounds=1000 checksum under rounds=1001: no match")
    b.add(P1, ident + "rounds$" + h1000.split("$")[-1], "edge",
          "salt 'rounds' (no '='): a plain salt, implicit rounds: no match")
    # a 17-char salt is an error; libxcrypt's output for it keeps 16 and verifies
    pw = random_password(rng, allow_nul=False)
    salt17 = sha_crypt_salt(rng, 17)
    h16 = make(pw, 1000, salt17[:16])
    b.add(pw, h16.replace(salt17[:16], salt17), "edge", "17-char salt with the checksum of its first 16: ValueError")
    b.add(pw, h16, "edge", "the 16-char salt (what libxcrypt would use): match")

    # -- checksum compared as text: every last character
    for base in (p1_hash, FORMATS_SHA_CRYPT[b.scheme.name][3][2]):
        for ch in HASH64_CHARS:
            b.add(P1, base[:-1] + ch, None, "checksum last char %r (canonical %r)" % (ch, base[-1]))

    # -- NUL in the password: refused after the hash is parsed
    for pw, what in [(b"\x00", "single NUL"), (b"password\x00", "trailing NUL"), (b"\x00password", "leading NUL"),
                     (b"pass\x00word", "NUL inside"), (b"\xff\x00\xfe", "NUL in a non-UTF-8 password (builtin backend)")]:
        b.add(pw, p1_hash, "edge", "%s: refused" % what)
    b.add(b"pass\x00word", p1_hash[:-1], "edge", "NUL password with a truncated hash: the hash error comes first")
    b.add(b"pass\x00word", p1_hash.replace("rounds=1000", "rounds=999"), "edge",
          "NUL password with rounds=999: the hash error comes first")
    b.add(b"pass\x00word", ident + "saltsalt", "edge", "NUL password with a config string: the hash error comes first")

    # -- malformed hashes made by mutating valid ones
    bases = [(P1, p1_hash), (P1, FORMATS_SHA_CRYPT[b.scheme.name][3][2])]
    pw = random_password(rng, allow_nul=False)
    bases.append((pw, make(pw, 1234, sha_crypt_salt(rng, 16))))
    for pw, base in bases:
        for h, note in sha_crypt_mutations(ident, base, rng):
            b.add(pw, h, None, note)


def sha_crypt_mutations(ident: str, base: str, rng: random.Random):
    """Malformed or odd variants of one valid sha-crypt hash: (hash, note) pairs."""
    parts = base[len(ident):].split("$")
    rounds_field = parts.pop(0) + "$" if parts[0].startswith("rounds=") else ""
    salt, chk = parts
    other = "$6$" if ident == "$5$" else "$5$"

    def h(r=rounds_field, s=salt, c=chk, i=ident):
        return "%s%s%s$%s" % (i, r, s, c)

    out = [
        ("", "empty string"), (ident, "ident only"), (ident + "$", "ident and '$'"),
        (ident + rounds_field, "ident and rounds only"), (ident + rounds_field + "$", "ident, rounds, empty salt"),
        (h(c=""), "config string with a trailing '$' (empty checksum)"),
        (ident + rounds_field + salt, "config string: salt without checksum"),
        (h(c=chk[:-1]), "checksum one char short"), (h(c=chk + "."), "checksum one char long ('.')"),
        (h(c=chk + chk[-1]), "checksum one char long (last char doubled)"),
        (h(c=chk[:22]), "checksum truncated to 22 chars"), (h(c=chk + chk), "checksum doubled"),
        (h(c=chk.swapcase()), "checksum case-swapped (valid chars, other value)"),
        (h(c=chk[::-1]), "checksum reversed"),
        (h() + "$", "trailing '$'"), (h() + "$" + chk, "extra field"), (h(s=salt + "$"), "empty field before the checksum"),
        (ident + "$" + rounds_field + salt + "$" + chk, "empty field after the ident"),
        (ident[:-1] + rounds_field + salt + "$" + chk, "ident without its trailing '$'"),
        (base[1:], "leading '$' missing"), (other + base[3:], "the other ident (%s)" % other),
        (ident[:2] + "7" + base[3:], "ident $7$"), (" " + base, "leading space"), ("\t" + base, "leading tab"),
        (base + " ", "trailing space"), (base + "\n", "trailing newline"), (base + "\r\n", "trailing CRLF"),
        (base + "\x00", "trailing NUL"), (base + "é", "trailing é (non-ASCII)"),
        (h(c=chk[:-1] + "€"), "€ as the last checksum char (non-ASCII)"),
        (h(s=salt[:3] + "é" + salt[4:]), "é in the salt (non-ASCII)"),
        (h(s=salt + rng.choice(HASH64_CHARS)), "salt one char longer (%d)" % (len(salt) + 1)),
        (h(s=(salt * 3)[:17]), "17-char salt"), (h(s=(salt * 3)[:24]), "24-char salt"),
        (h(s=""), "empty salt with another salt's checksum (no match)"),
        (h(r="rounds=1000$rounds=1000$"), "rounds field twice"),
        (h(r="rounds=1000$", s="rounds=1000"), "'rounds=1000' as the salt"),
    ]
    for ch in ("+", "=", "-", "_", "!", "*", ":", ";", " ", "\t", "\n", "\x00", ",", "\\"):
        if salt:
            i = rng.randrange(len(salt))
            out.append((h(s=set_char(salt, i, ch)), "salt char %d replaced by %r" % (i, ch)))
        else:
            out.append((h(s=ch), "salt %r" % ch))
        j = rng.randrange(len(chk))
        out.append((h(c=set_char(chk, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
    r = rounds_field[len("rounds="):-1] if rounds_field else "5000"
    for v in ("999", "0", "00", "1", "1000000000", "999999999999", "4294967296", "18446744073709551616",
              "0" + r, "00" + r, "+" + r, "+0" + r, "-" + r, " " + r, r + " ", r + "\n", "\t" + r,
              r[:1] + "_" + r[1:], "", " ", "+", "-0", "0x3e8", r + ".0", r + "e0", "1e3", r + "a", "a" + r,
              "١٠٠٠", "１０００"):
        out.append((h(r="rounds=%s$" % v), "rounds %r" % v))
    for prefix in ("ROUNDS=", "Rounds=", "rounds:", "rounds =", "round=", "rounds==", "rounds", "=", "r="):
        out.append((h(r="%s%s$" % (prefix, r)), "rounds prefix %r" % prefix))
    # config strings with huge rounds (never computed: no checksum)
    for v in ("999999999", "1000000000", "99999999999"):
        out.append((ident + "rounds=%s$%s" % (v, salt), "config string with rounds=%s" % v))
    return out


def sha_crypt_backend() -> str:
    return "%s (libxcrypt), builtin for non-UTF-8 passwords" % sha256_crypt.get_backend()
# argon2 (FORMATS.md §3.1): passlib's argon2_cffi backend hands the string to libargon2
# --------------------------------------------------------------------------------------------

import argon2 as argon2_cffi  # noqa: E402  (kept in this section so sections merge independently)
import argon2.low_level as argon2_ll  # noqa: E402
from passlib.hash import argon2 as argon2_handler  # noqa: E402

ARGON2_DEVIATIONS = ("argon2-version", "argon2-nul-in-hash", "argon2-non-ascii")
ARGON2_TYPES = {"i": argon2_ll.Type.I, "d": argon2_ll.Type.D, "id": argon2_ll.Type.ID}
ARGON2_RE = re.compile(r"\A\$argon2(id|i|d)\$(?:v=([0-9]+)\$)?m=([0-9]+),t=([0-9]+),p=([0-9]+)"
                       r"\$([A-Za-z0-9+/]*)\$([A-Za-z0-9+/]*)\Z")
STD64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def std64_field_problem(text: str) -> Optional[str]:
    """libargon2's strict base64: no padding, length mod 4 != 1, unused bits of the last char zero."""
    if len(text) % 4 == 1:
        return "base64-length"
    spare = {0: 0, 2: 4, 3: 2}[len(text) % 4]
    if text and STD64_CHARS.index(text[-1]) & ((1 << spare) - 1):
        return "base64-unused-bits"
    return None


def argon2_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's argon2 parser: None if it accepts the hash, else a reason id."""
    if "\x00" in hash_text:
        return "argon2-nul-in-hash"  # libargon2 reads a C string: passlib ignores a NUL and what follows
    if not hash_text.isascii():
        # libargon2's decoder reads every byte >= 0x80 as '/' (value 63): passlib may say False or True
        return "argon2-non-ascii"
    if re.search(r",(keyid|data)=", hash_text):
        return "keyid-data"
    m = ARGON2_RE.match(hash_text)
    if not m:
        return "layout"
    _, v, mem, t, p, salt, tag = m.groups()
    for dec in (v, mem, t, p):
        if dec is not None and ((len(dec) > 1 and dec[0] == "0") or int(dec) > 0xFFFFFFFF):
            return "decimal"
    for field_text in (salt, tag):
        problem = std64_field_problem(field_text)
        if problem:
            return problem
    if len(salt) * 3 // 4 < 8:
        return "salt-too-short"
    if not tag:
        return "missing-checksum"
    if len(tag) * 3 // 4 < 4:
        return "checksum-too-short"
    mem, t, p = int(mem), int(t), int(p)
    if t < 1 or not 1 <= p <= 0xFFFFFF or mem < 8 * p:
        return "cost-range"
    if v is not None and int(v) not in (16, 19):
        return "argon2-version"
    return None


def argon2_make(pw: bytes, salt: bytes, type_name: str, version: int, m: int, t: int, p: int, tag_len: int,
                drop_version: bool = False) -> str:
    """A hash made by argon2-cffi / libargon2 with explicit parameters (drop_version: no v= field, v1.0)."""
    h = argon2_ll.hash_secret(pw, salt, time_cost=t, memory_cost=m, parallelism=p, hash_len=tag_len,
                              type=ARGON2_TYPES[type_name], version=version).decode("ascii")
    if drop_version:
        assert version == 16
        h = h.replace("$v=16$", "$", 1)
    return h


def std64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode("ascii").rstrip("=")


FORMATS_ARGON2 = [
    ("§8 argon2id P1 t=1,m=8,p=1", P1, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "true"),
    ("§8 argon2id P2 t=2,m=16,p=2", P2, "$argon2id$v=19$m=16,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$s/SAlmJbwuQ16ssnDFzubw", "true"),
    ("§8 argon2id P3 t=1,m=8,p=1", P3, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$bpck3K01y0JKndgUpPhTqg", "true"),
    ("§8 argon2id P1 8B salt, 32B tag", P1, "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nzg$oITkzoDc/DryampHafFUF9s6JTyyPMk7S9kbihdyLs4", "true"),
    ("§8 argon2i P1", P1, "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow", "true"),
    ("§8 argon2d P1", P1, "$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$rxzv34AuunzDLlk/mmC5GQ", "true"),
    ("§8 argon2i v1.0 (no v=)", P1, "$argon2i$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$dUjq8zHFk5QdgjXKBs0fOA", "true"),
    ("§9 v=19 removed (v1.0 semantics)", P1, "$argon2id$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "false"),
    ("§9 v=20 self-consistent", P1, "$argon2id$v=20$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$IGJK4UqnmGyr8fKmS0pT1g", "true"),
    ("§9 m=08", P1, "$argon2id$v=19$m=08,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "error:ValueError"),
    ("§9 salt with '==' padding", P1, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA==$8pAsPOMpkWtPlqOyXPzdRw", "error:ValueError"),
    ("§9 tag last char pad bits set (w->x)", P1, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRx", "error:ValueError"),
    ("§9 keyid field", P1, "$argon2id$v=19$m=8,t=1,p=1,keyid=AAAA$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "error:NotImplementedError"),
    ("§9 7-byte salt", P1, "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nw$8pAsPOMpkWtPlqOyXPzdRw", "error:ValueError"),
    ("§9 further: $argon2i$ applied to an id hash", P1, "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "false"),
    ("§9 further: explicit v=16 = no v=", P1, "$argon2i$v=16$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$dUjq8zHFk5QdgjXKBs0fOA", "true"),
    ("§9 further: $argon2x$", P1, "$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", None),
    ("§9 further: t=0", P1, "$argon2id$v=19$m=8,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", None),
    ("§9 further: p=0", P1, "$argon2id$v=19$m=8,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", None),
    ("§9 further: m < 8p", P1, "$argon2id$v=19$m=15,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", None),
]


def gen_argon2(b: Builder):
    rng = b.rng

    def salt_of(n):
        return bytes(rng.randrange(256) for _ in range(n))

    # -- FORMATS.md vectors
    for note, pw, h, doc in FORMATS_ARGON2:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)

    # -- random well-formed hashes: the three types, v=19 / v=16 / no v=, small m, t, p, salt and tag sizes
    bases = []
    for i in range(150):
        type_name = ("id", "i", "d")[i % 3]
        version_style = ("v19", "v19", "v16", "none")[(i // 3) % 4]
        p = rng.randint(1, 4)
        m = rng.randint(max(8, 8 * p), 256)
        t = rng.randint(1, 3)
        salt = salt_of(rng.randint(8, 32))
        tag_len = rng.randint(4, 64)
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 120)))
        h = argon2_make(pw, salt, type_name, 19 if version_style == "v19" else 16, m, t, p, tag_len,
                        drop_version=version_style == "none")
        b.add_pair(pw, h, "argon2%s %s m=%d t=%d p=%d, %dB salt, %dB tag, %s"
                   % (type_name, version_style, m, t, p, len(salt), tag_len, describe_password(pw)))
        bases.append((pw, h))

    # -- passwords: empty, non-ASCII, NUL (allowed), long, the 4096-byte limit
    specials = [(b"", "empty password"), ("é".encode(), "é"), ("🔑".encode(), "emoji"), (P2, "P2"),
                (b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"), (b"password\x00", "trailing NUL"),
                (b"\xff\xfe\x80", "invalid UTF-8"), (bytes(range(1, 256)), "bytes 1..255"),
                (b"x" * 4096, "4096-byte password (the limit)")]
    for pw, what in specials:
        for type_name in ("id", "i", "d"):
            h = argon2_make(pw, salt_of(16), type_name, 19, 8, 1, 1, 16)
            b.add(pw, h, "edge", "argon2%s %s: match" % (type_name, what))
            wrong, how = b.near_miss(pw, h)
            b.add(wrong, h, "wrong_password", "argon2%s %s: %s" % (type_name, what, how))
    h = argon2_make(b"password", salt_of(16), "id", 19, 8, 1, 1, 16)
    b.add(b"password\x00", h, "edge", "password + NUL vs hash of password: no match (NUL is part of the password)")
    b.add(b"x" * 4097, h, "edge", "4097-byte password: PasswordSizeError")
    b.add(b"x" * 4097, "$argon2id$", "edge", "4097-byte password with a malformed hash: the size check comes first")

    # -- parameters at their edges: 8-byte salt, 4-byte tag, long salt and tag, m = 8p, m not a multiple of 4p
    for note, args in [("8-byte salt", (8, "id", 19, 8, 1, 1, 16)), ("4-byte tag", (16, "id", 19, 8, 1, 1, 4)),
                       ("64-byte salt, 65-byte tag", (64, "i", 19, 16, 2, 1, 65)),
                       ("128-byte tag (H' long form)", (16, "d", 19, 8, 1, 1, 128)),
                       ("m = 8p (p=4)", (16, "id", 19, 32, 1, 4, 16)), ("m=33, p=2 (m' = 32)", (16, "id", 19, 33, 1, 2, 16)),
                       ("p=7, m=61", (16, "i", 16, 61, 2, 7, 16)), ("t=5", (16, "d", 16, 8, 5, 1, 16))]:
        salt_len, type_name, version, m, t, p, tag_len = args
        h = argon2_make(P1, salt_of(salt_len), type_name, version, m, t, p, tag_len)
        b.add(P1, h, "edge", note + ": match")
        b.add(P3, h, "edge", note + ": empty password, no match")

    # -- the type and the version are part of the hash: swapping them gives no match
    pw = b"swap test"
    salt = salt_of(16)
    for type_name in ("id", "i", "d"):
        h = argon2_make(pw, salt, type_name, 19, 16, 2, 2, 16)
        for other in ("id", "i", "d"):
            if other != type_name:
                b.add(pw, h.replace("$argon2%s$" % type_name, "$argon2%s$" % other, 1), "edge",
                      "argon2%s hash under the $argon2%s$ prefix: no match" % (type_name, other))
        b.add(pw, h.replace("$v=19$", "$v=16$", 1), "edge", "argon2%s v=19 tag under v=16: no match" % type_name)
        b.add(pw, h.replace("$v=19$", "$", 1), "edge", "argon2%s v=19 tag with v= removed (v1.0): no match" % type_name)
        h16 = argon2_make(pw, salt, type_name, 16, 16, 2, 2, 16)
        b.add(pw, h16.replace("$v=16$", "$", 1), "edge", "argon2%s v=16 tag with v= removed: match" % type_name)
        b.add(pw, h16.replace("$v=16$", "$v=19$", 1), "edge", "argon2%s v=16 tag under v=19: no match" % type_name)
        b.add(pw, h.replace("t=2", "t=1", 1), "edge", "argon2%s t changed: no match" % type_name)
        b.add(pw, h.replace("m=16", "m=24", 1), "edge", "argon2%s m changed: no match" % type_name)
        b.add(pw, h.replace("p=2", "p=1", 1), "edge", "argon2%s p changed: no match" % type_name)

    # -- versions other than 16 and 19: libargon2 hashes any number; pwcheck refuses them (argon2-version)
    # (built from the raw tag: libargon2 20171227's encoder sizes its output for a 2-digit version)
    for version in (0, 1, 17, 18, 20, 255, 4294967295):
        salt = salt_of(16)
        tag = argon2_ll.hash_secret_raw(P1, salt, time_cost=1, memory_cost=8, parallelism=1, hash_len=16,
                                        type=argon2_ll.Type.ID, version=version)
        h = "$argon2id$v=%d$m=8,t=1,p=1$%s$%s" % (version, std64(salt), std64(tag))
        b.add(P1, h, "lenient", "self-consistent v=%d hash (libargon2 accepts any version)" % version)
        b.add(P3, h, "lenient", "v=%d hash, wrong password" % version)

    # -- non-ASCII: libargon2 decodes each byte >= 0x80 as '/', so "é" (2 bytes) reads as "//"
    salt = b"\xff\xff\xff" + salt_of(13)
    h = argon2_make(P1, salt, "id", 19, 8, 1, 1, 16)
    assert h.count("$////") == 1
    b.add(P1, h, "edge", "salt starting '////': match")
    b.add(P1, h.replace("$////", "$é//", 1), "lenient", "'//' in the salt written as 'é' (2 bytes >= 0x80)")
    b.add(P1, h.replace("$////", "$€/", 1), "lenient", "'///' in the salt written as '€' (3 bytes >= 0x80)")
    b.add(P3, h.replace("$////", "$é//", 1), "lenient", "'é' for '//', wrong password")

    # -- malformed hashes made by mutating valid ones
    mutation_bases = [(P1, FORMATS_ARGON2[0][2]), (P1, FORMATS_ARGON2[6][2])] + bases[:6]
    for pw, base in mutation_bases:
        for h, note in argon2_mutations(base, rng):
            b.add(pw, h, None, note)


def argon2_mutations(base: str, rng: random.Random):
    """Malformed or odd variants of one valid argon2 hash: (hash, note) pairs."""
    m = ARGON2_RE.match(base)
    type_name, v, mem, t, p, salt, tag = m.groups()
    ident = "$argon2%s$" % type_name
    vpart = "" if v is None else "v=%s$" % v

    def h(i=ident, vp=None, mm=None, tt=None, pp=None, s=None, c=None, params=None):
        params = params or "m=%s,t=%s,p=%s" % (mem if mm is None else mm, t if tt is None else tt, p if pp is None else pp)
        return "%s%s%s$%s$%s" % (i, vpart if vp is None else vp, params, salt if s is None else s, tag if c is None else c)

    def with_pad_bits(text):
        """The same data with one unused low bit of the last char set (when it has any)."""
        spare = {2: 4, 3: 2}.get(len(text) % 4)
        if not spare:
            return None
        return text[:-1] + STD64_CHARS[STD64_CHARS.index(text[-1]) | 1]

    out = [
        ("", "empty string"), (ident, "ident only"), (h()[:len(ident) + len(vpart)], "ident and version only"),
        (h(c=""), "empty tag (config string)"), (h()[:h().rindex("$")], "no tag field (config string)"),
        (h(s=""), "empty salt"), (h(s=salt[:10]), "salt of 7 bytes (10 chars)"), (h(c=tag[:5]), "tag of 3 bytes (5 chars)"),
        (h(c=tag[:4]), "tag of 3 bytes (4 chars)"),
        (h(s=salt + "="), "salt with '=' appended"), (h(c=tag + "="), "tag with '=' appended"),
        (h(c=tag + "=="), "tag with '==' appended"),
        (h(s=salt[:-1] if len(salt) % 4 == 2 else salt + "A" * (1 if len(salt) % 4 == 0 else 0)), "salt length 1 mod 4 or shortened"),
        (h(c=tag + "$"), "trailing '$'"), (h() + "\n", "trailing newline"), (h() + "\r\n", "trailing CRLF"),
        (h() + " ", "trailing space"), (" " + h(), "leading space"), (h()[1:], "leading '$' missing"),
        (h() + "$" + tag, "extra field"), (h(c=tag.replace("/", "_").replace("+", "-")), "urlsafe base64 in the tag"),
        (h(s=salt[:3] + "." + salt[4:]), "'.' in the salt"), (h(c=tag[:2] + "!" + tag[3:]), "'!' in the tag"),
        (h(s=salt[:2] + "é" + salt[3:]), "non-ASCII in the salt"),
        (h(params="t=%s,m=%s,p=%s" % (t, mem, p)), "fields reordered t,m,p"),
        (h(params="m=%s,p=%s,t=%s" % (mem, p, t)), "fields reordered m,p,t"),
        (h(params="m=%s,t=%s" % (mem, t)), "p missing"), (h(params="m=%s,t=%s,p=%s," % (mem, t, p)), "trailing comma"),
        (h(params="m=%s;t=%s;p=%s" % (mem, t, p)), "';' separators"),
        (h(params="m=%s, t=%s, p=%s" % (mem, t, p)), "spaces after commas"),
        (h(params="M=%s,t=%s,p=%s" % (mem, t, p)), "uppercase M="),
        (h(params="m=%s,t=%s,p=%s,keyid=AAAA" % (mem, t, p)), "keyid field"),
        (h(params="m=%s,t=%s,p=%s,data=AAAA" % (mem, t, p)), "data field"),
        (h(params="m=%s,t=%s,p=%s,keyid=AAAA,data=AAAA" % (mem, t, p)), "keyid and data fields"),
        (h(vp="v=19,"), "',' after v=19"), (h(vp="$v=19$"), "empty field before v="),
        (h(vp="v=019$"), "v=019 (leading zero)"), (h(vp="v=$"), "empty v="), (h(vp="v=+19$"), "v=+19"),
        (h(vp="v=0x13$"), "v=0x13"), (h(vp="v=4294967296$"), "v=2^32 (over u32)"), (h(vp="V=19$"), "uppercase V="),
        (h(mm="0" + mem), "m with a leading zero"), (h(tt="0" + t), "t with a leading zero"),
        (h(pp="0" + p), "p with a leading zero"), (h(mm=""), "empty m"), (h(mm="+" + mem), "m with '+'"),
        (h(mm=" " + mem), "m with a space"), (h(mm=mem + " "), "m with a trailing space"), (h(mm="1_0"), "m=1_0"),
        (h(mm="4294967296"), "m=2^32 (over u32)"), (h(mm="99999999999999999999"), "m huge"),
        (h(tt="0"), "t=0"), (h(tt="-1"), "t=-1"), (h(pp="0"), "p=0"), (h(pp="16777216"), "p=2^24"),
        (h(mm=str(8 * int(p) - 1)), "m = 8p - 1"), (h(mm="7", pp="1"), "m=7, p=1"),
        (h(mm="٨"), "m Arabic-Indic digit"),
    ]
    for bad_ident in ("$argon2x$", "$argon2$", "$argon2ID$", "$ARGON2ID$", "$Argon2id$", "$argon2idd$", "$argon2di$",
                      "$argon2-id$", "argon2id$", "$argon2id", "$$argon2id$", "$argon2ix$"):
        out.append((h(i=bad_ident), "ident %r" % bad_ident))
    for text, which in ((salt, "salt"), (tag, "tag")):
        padded = with_pad_bits(text)
        if padded:
            out.append((h(s=padded) if which == "salt" else h(c=padded), "%s last char with an unused bit set" % which))
    # truncations at a few places
    full = h()
    for cut in sorted(set(rng.randrange(1, len(full)) for _ in range(6))):
        out.append((full[:cut], "truncated to %d chars" % cut))
    # NUL in the hash: passlib's C string ends there (argon2-nul-in-hash)
    out += [(full + "\x00", "trailing NUL"), (full + "\x00junk", "NUL then junk after the tag"),
            (full + "\x00$AAAA", "NUL then another field"),
            (full[:len(ident)] + "\x00" + full[len(ident):], "NUL after the ident")]
    return out


def argon2_backend() -> str:
    return "%s (argon2-cffi %s)" % (argon2_handler.get_backend(), argon2_cffi.__version__)


# --------------------------------------------------------------------------------------------
# /etc/shadow: disabled accounts and the system's crypt(3) (FORMATS.md §5.5)
# --------------------------------------------------------------------------------------------

import ctypes  # noqa: E402  (kept in this section so sections merge independently)
import subprocess  # noqa: E402
from passlib.hash import unix_disabled  # noqa: E402

_LIBCRYPT = ctypes.CDLL("libcrypt.so.1")
_LIBCRYPT.crypt_rn.restype = ctypes.c_char_p
_LIBCRYPT.crypt_rn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
_LIBCRYPT.crypt_gensalt_rn.restype = ctypes.c_char_p
_LIBCRYPT.crypt_gensalt_rn.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int,
                                       ctypes.c_char_p, ctypes.c_int]
_LIBCRYPT.crypt_checksalt.argtypes = [ctypes.c_char_p]
CRYPT_DATA_SIZE = 32768 + 512  # sizeof(struct crypt_data) is 32768 + extra; over-allocate


def libxcrypt_crypt(password: bytes, setting: bytes) -> Optional[bytes]:
    """crypt_rn(password, setting): the hash, or None when libxcrypt refuses (NULL or a '*' token)."""
    buf = ctypes.create_string_buffer(CRYPT_DATA_SIZE)
    out = _LIBCRYPT.crypt_rn(password, setting, buf, CRYPT_DATA_SIZE)
    if out is None or out.startswith(b"*"):
        return None
    return out


class LibxcryptJudge:
    """A verify() like passlib's handlers', judged by the system's libxcrypt: crypt_rn(P, H) == H."""

    @staticmethod
    def verify(password: bytes, hash_bytes: bytes) -> bool:
        if len(password) > 4096:
            raise passlib.exc.PasswordSizeError(4096)
        hash_text = hash_bytes.decode("ascii")  # UnicodeDecodeError for non-ASCII, as passlib
        if not system_crypt_claims(hash_text):
            raise ValueError("not a system crypt hash")
        if any(not (0x21 <= ord(c) <= 0x7e) or c == ":" for c in hash_text):
            raise ValueError("not a crypt(3) string")
        if b"\x00" in password:
            raise passlib.exc.PasswordValueError("crypt(3) cannot take NUL")
        out = libxcrypt_crypt(password, hash_bytes)
        if out is None:
            raise ValueError("libxcrypt refuses the hash")
        return out == hash_bytes


SYSTEM_CRYPT_PREFIXES = ("$y$", "$gy$", "$sha1$", "$md5$", "$md5,", "$3$", "_")
# Claimed by pwcheck's native rows (earlier in the table): never system_crypt's.
NATIVE_PREFIXES = ("$1$", "$5$", "$6$", "$2", "$7$", "$apr1$")


def system_crypt_claims(hash_text: str) -> bool:
    if hash_text.startswith(SYSTEM_CRYPT_PREFIXES):
        return True
    n = len(hash_text)
    return n >= 13 and (n - 13) % 11 == 0 and all(c in H64_CHARS for c in hash_text)


SYSTEM_CRYPT_ROUNDS_LIMITS = {"$sha1$": 20_000_000, "$md5,rounds=": 10_000_000, "$md5$rounds=": 10_000_000}


def system_crypt_rounds(hash_text: str) -> Optional[int]:
    """The rounds libxcrypt would compute for a sha1crypt / SunMD5 hash (issue 9: 2^32 of them take hours).

    sha1crypt reads them with strtoul ('+' and '-' accepted, '-1' wraps to ULONG_MAX, overflow
    saturates); SunMD5 takes plain decimals up to 2^32 - 1 and refuses anything else itself."""
    if hash_text.startswith("$sha1$"):
        m = re.match(r"([+-]?)([0-9]+)", hash_text[len("$sha1$"):])
        if not m:
            return None
        v = min(int(m.group(2)[:21]), 2 ** 64 - 1)
        return (2 ** 64 - v) % 2 ** 64 if m.group(1) == "-" else v
    for prefix in ("$md5,rounds=", "$md5$rounds="):
        if hash_text.startswith(prefix):
            m = re.match(r"(0|[1-9][0-9]{0,9})(?![0-9])", hash_text[len(prefix):])
            return int(m.group(1)) if m and int(m.group(1)) <= 0xFFFFFFFF else None
    return None


def system_crypt_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's system_crypt row: its own checks, then libxcrypt decides."""
    if not hash_text.isascii():
        return "non-ascii"
    if not system_crypt_claims(hash_text):
        return "prefix"
    if any(not (0x21 <= ord(c) <= 0x7e) or c == ":" for c in hash_text):
        return "bad-char"
    rounds = system_crypt_rounds(hash_text)
    if rounds is not None and rounds > next(v for k, v in SYSTEM_CRYPT_ROUNDS_LIMITS.items() if hash_text.startswith(k)):
        return "cost-over-limit"  # pwcheck's max_pbkdf2_rounds (sha1crypt) / max_sha_crypt_rounds (SunMD5)
    if _LIBCRYPT.crypt_checksalt(hash_text.encode()) == 1:
        return "checksalt"
    if hash_text.startswith(("$y$", "$gy$")) and (len(hash_text.split("$")) != 5 or not hash_text.split("$")[4]):
        return "config-string"
    if libxcrypt_crypt(b"x", hash_text.encode()) is None:
        return "crypt-refuses"
    return None


def mkpasswd(password: bytes, method: str, *args: str) -> str:
    """A hash made by Debian's mkpasswd (package whois), password on its standard input."""
    out = subprocess.run(["mkpasswd", "--stdin", "-m", method, *args], input=password + b"\n",
                         capture_output=True, check=True)
    return out.stdout.decode("ascii").strip()


def gensalt(prefix: str, count: int, rng: random.Random) -> bytes:
    entropy = bytes(rng.randrange(256) for _ in range(16))
    buf = ctypes.create_string_buffer(256)
    out = _LIBCRYPT.crypt_gensalt_rn(prefix.encode(), count, entropy, len(entropy), buf, 256)
    assert out is not None, prefix
    return out


FORMATS_SYSTEM_CRYPT = [
    ("§8.1 yescrypt N=2^12 r=32 P1", P1, "$y$j9T$saltsaltsaltsalt$Uxvkjnhdr/2B6SINV1mXACdXVbd5kc899ms5aqhxMQD"),
    ("§8.1 yescrypt P2", P2, "$y$j9T$saltsaltsaltsalt$0Z.QCett9eBI0fREIVRMkFKKL8QsuGdj8GqPA9HEge5"),
    ("§8.1 yescrypt P3", P3, "$y$j9T$saltsaltsaltsalt$npmzjKb0OjmsMjnYl3f0ooI/H3XJW7wtOyPYuc67xl/"),
    ("§8.1 yescrypt N=2^10 r=8", P1, "$y$j75$LdJMENpBABJJ3hIHjB1Bi.$AwSWBvo9otG8BLH4EfD1adasacj5dqew9dxGW5j5f24"),
    ("§8.1 gost-yescrypt", P1, "$gy$j9T$saltsaltsaltsalt$rJwUc/Ira7bf5YaD7oIyqgudtsbNclaiv18Jg66v.j."),
    ("§8.1 sha1crypt 1000", P1, "$sha1$1000$saltsalt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS"),
    ("§8.1 SunMD5 rounds=1000", P1, "$md5,rounds=1000$saltsalt$$ock.cObdVJPtqbnwaOCbb0"),
    ("§8.1 descrypt", P1, "sa3tHJ3/KuYvI"),
    ("§8.1 bsdicrypt", P1, "_J9..saltJW8FtKdEkNM"),
    ("§8.1 NT", P1, "$3$$8846f7eaee8fb117ad06bdd830b7586c"),
]


# `printf '%s\n' PASSWORD | mkpasswd --stdin -m METHOD [-R COST]` on Debian 12 (whois 5.5.17).
MKPASSWD_MADE = [
    ("pässwörd1".encode(), "$y$j75$Bs7B8XH/yEuFBGhtsL3n4.$AlDtrdtd0q/VJCTc9bMGm3KlB22AaYggLYIsJU3e3Q."),
    ("pässwörd2".encode(), "$y$j75$N55dDoUmyTexxVuQPgG090$rZk9Zh50TqcNg0LJbAogtNtFxMkY9Cy/lJA04uRHqnD"),
    ("pässwörd3".encode(), "$y$j75$MqYCg.UeGCaiiRn02oeDV.$VaSjcZxboggRSYREOJ0zqtNnJmztLjfWhp8xNEcth35"),
    (b"password", "$y$j9T$C1S2SPz4b9DxzgWvh/uBV.$l6vuJYvNtRFJAdmKDAueQsWTDdlnoUNOTA2LXQJnJb3"),
    (b"hunter2", "$gy$j75$wnG8rCS/OKyr4g18k0Qpj1$DRM1.hQ7dIFCfTr4wj7JVOKTptWyEsDp7.voBHY4ixB"),
    (b"hunter2", "_N...iYn5j0x8/FPb2hk"),
]


def gen_system_crypt(b: Builder):
    rng = b.rng
    for note, pw, h in FORMATS_SYSTEM_CRYPT:
        b.add(pw, h, "edge", "FORMATS " + note, doc="true")

    def no_nul(pw: bytes) -> bool:
        return b"\x00" not in pw

    # -- made once with Debian's mkpasswd (its salts are random, so they are kept here as text)
    for pw, h in MKPASSWD_MADE:
        b.add(pw, h, "edge", "made by mkpasswd: match")
        wrong, how = b.near_miss(pw, h, no_nul)
        b.add(wrong, h, "wrong_password", "made by mkpasswd: " + how)
    # -- random passwords: mkpasswd where it takes a salt (-S), else libxcrypt's crypt_gensalt with
    #    entropy from the generator's seed, which is what mkpasswd does with /dev/urandom
    methods = [("yescrypt", 1), ("yescrypt", 1), ("yescrypt", 5), ("gost-yescrypt", 1), ("sunmd5", 10),
               ("descrypt", 0), ("bsdicrypt", 25), ("nt", 0)]
    prefixes = {"yescrypt": "$y$", "gost-yescrypt": "$gy$", "bsdicrypt": "_"}
    for i in range(120):
        method, cost = methods[i % len(methods)]
        # mkpasswd --stdin reads one line: no CR or LF in the password
        pw = random_password(rng, allow_nul=False, max_len=30).replace(b"\n", b"n").replace(b"\r", b"r")
        if method == "descrypt" and not pw:
            pw = b"a"
        if method in prefixes:
            h = libxcrypt_crypt(pw, gensalt(prefixes[method], cost, rng)).decode("ascii")
            made = "crypt_gensalt %s %d" % (prefixes[method], cost)
        else:
            args = []
            if method == "sunmd5":
                args = ["-R", str(cost), "-S", "".join(rng.choice(H64_CHARS) for _ in range(8))]
            elif method == "descrypt":
                args = ["-S", "".join(rng.choice(H64_CHARS) for _ in range(2))]
            try:
                h = mkpasswd(pw, method, *args)
            except subprocess.CalledProcessError:
                continue  # mkpasswd refuses some bytes for some methods (e.g. non-UTF-8 for nt)
            made = "mkpasswd -m %s %s" % (method, " ".join(args))
        b.add_pair(pw, h, "%s, %s" % (made, describe_password(pw)), allowed=no_nul)
    # -- methods mkpasswd lacks, through libxcrypt's own salt generator
    for i in range(16):
        pw = random_password(rng, allow_nul=False, max_len=30)
        setting = gensalt("$sha1$", 1000 + i, rng)
        h = libxcrypt_crypt(pw, setting).decode("ascii")
        b.add_pair(pw, h, "crypt_gensalt $sha1$, %s" % describe_password(pw), allowed=no_nul)

    # -- DES only reads 8 characters, 7 bits each: libxcrypt's answers, kept as they are
    h = mkpasswd(b"password", "descrypt", "-S", "ab")
    b.add(b"password", h, "edge", "descrypt: match")
    b.add(b"passwordEXTRA", h, "edge", "descrypt ignores characters after the 8th: match")
    b.add(b"passwor", h, "edge", "descrypt, 7 characters: no match")
    # -- NUL in the password: crypt(3) takes C strings, so refused (exit 4)
    b.add(b"pass\x00word", FORMATS_SYSTEM_CRYPT[3][2], "edge", "NUL in the password: refused")
    b.add(b"x" * 4097, FORMATS_SYSTEM_CRYPT[3][2], "edge", "4097-byte password: PasswordSizeError")

    # -- malformed: mutations libxcrypt refuses (or pwcheck's own checks)
    y = FORMATS_SYSTEM_CRYPT[3][2]
    for h, note in [
        ("$y$", "yescrypt prefix only"), ("$y$j75$", "yescrypt params only"), ("$y$j75$LdJMENpBABJJ3hIHjB1Bi.", "no hash field"),
        ("$y$j75$LdJMENpBABJJ3hIHjB1Bi.$", "empty hash field"), (y + "$", "trailing '$'"), (y + "\n", "trailing newline"),
        (y + " ", "trailing space"), (y[:-1] + ":", "':' in the hash"), (y[:-1] + "é", "non-ASCII"),
        ("$y$$LdJMENpBABJJ3hIHjB1Bi.$" + y.rsplit("$", 1)[1], "empty params"),
        ("$y$!75$LdJMENpBABJJ3hIHjB1Bi.$" + y.rsplit("$", 1)[1], "bad params char"),
        ("$y$j7$LdJMENpBABJJ3hIHjB1Bi.$" + y.rsplit("$", 1)[1], "params cut short"),
        ("$gy$", "gost-yescrypt prefix only"), ("$sha1$", "sha1crypt prefix only"), ("$sha1$0$saltsalt$x", "sha1crypt rounds 0"),
        ("$md5$", "SunMD5 prefix only"), ("$3$", "NT prefix only"), ("$3$$zz", "NT hash not hex"),
        ("_", "BSDi prefix only"), ("_J9..", "BSDi too short"), ("_J9..salt!W8FtKdEkNM", "BSDi bad char"),
        ("sa3tHJ3/KuYv!", "DES with a bad char (not claimed)"), ("$y$j75$LdJMENpBABJJ3hIHjB1Bi.$" + "!" * 43, "bad hash chars"),
        ("$md5,rounds=abc$saltsalt$$ock.cObdVJPtqbnwaOCbb0", "SunMD5 rounds not a number"),
        ("$y$jzzzzz$LdJMENpBABJJ3hIHjB1Bi.$" + y.rsplit("$", 1)[1], "absurd yescrypt params"),
    ]:
        b.add(P1, h, None, note)
    # -- other formats are not system_crypt's (named with --digest they are the wrong scheme)
    for h in ("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "$6$saltsalt$x", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
              "garbage", "!", "*", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$x"):
        b.add(P1, h, None, "not a system crypt hash: %r" % h)


def system_crypt_backend() -> str:
    ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libcrypt1"], capture_output=True, text=True).stdout
    return "libxcrypt %s crypt_rn (hashes made by mkpasswd and crypt_gensalt)" % ver


def unix_disabled_strict(hash_text: str) -> Optional[str]:
    return None if hash_text[:1] in ("!", "*") else "prefix"


def gen_unix_disabled(b: Builder):
    rng = b.rng
    locked = ["$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
              "$y$j9T$saltsaltsaltsalt$Uxvkjnhdr/2B6SINV1mXACdXVbd5kc899ms5aqhxMQD",
              "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"]
    fields = ["!", "*", "!!", "!*", "*LK*", "*NP*", "!locked", "*" * 13] + ["!" + h for h in locked] + ["!!" + locked[0]]
    for h in fields:
        # the locked hash's own password never matches either
        for pw in (P1, P2, P3, b"pass\x00word", random_password(rng, allow_nul=True)):
            b.add(pw, h, "edge", "disabled field %r: no match" % h[:20])
    for _ in range(20):
        pw = random_password(rng, allow_nul=True)
        b.add(pw, rng.choice("!*") + "".join(rng.choice(H64_CHARS + "$") for _ in range(rng.randint(0, 40))),
              "edge", "random disabled field: no match")
    b.add(b"x" * 4097, "!", "edge", "4097-byte password: the size check comes first")
    for h in locked + ["password", " !", "\t*", "$!", "x!", "#!", "?", "-", "0", "$6$!"] + ["a" * n for n in range(1, 12)]:
        b.add(P1, h, None, "not a disabled field: %r" % h[:20])


def unix_disabled_backend() -> str:
    return "passlib unix_disabled"
# Django, as passlib implements it (FORMATS.md §5.1): django_pbkdf2_sha256, django_pbkdf2_sha1,
# django_bcrypt_sha256, django_bcrypt, django_argon2, django_salted_sha1, django_salted_md5
# --------------------------------------------------------------------------------------------

from passlib.hash import django_argon2, django_bcrypt, django_bcrypt_sha256  # noqa: E402
from passlib.hash import django_pbkdf2_sha1, django_pbkdf2_sha256, django_salted_md5, django_salted_sha1  # noqa: E402

DJANGO_SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DJANGO_B64_CHARS = set(STD_B64_CHARS + "=")
DJANGO_PBKDF2_DEVIATIONS = ("rounds-not-plain-decimal",)
# name: (ident, hashlib digest, checksum chars)
DJANGO_PBKDF2_PARAMS = {
    "django_pbkdf2_sha256": ("pbkdf2_sha256$", "sha256", 44),
    "django_pbkdf2_sha1": ("pbkdf2_sha1$", "sha1", 28),
}
# name: (ident, hashlib digest, hex chars)
DJANGO_SALTED_PARAMS = {
    "django_salted_sha1": ("sha1$", "sha1", 40),
    "django_salted_md5": ("md5$", "md5", 32),
}


def django_salt(rng: random.Random, lo: int = 1, hi: int = 20) -> str:
    return "".join(rng.choice(DJANGO_SALT_CHARS) for _ in range(rng.randint(lo, hi)))


def django_pbkdf2_strict(ident: str, checksum_chars: int):
    """Model of pwcheck's django_pbkdf2 parser: None if it accepts the hash syntax, else a reason id."""
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(ident):
            return "prefix"
        parts = hash_text[len(ident):].split("$")
        if len(parts) != 3:
            return "field-count"
        rounds, salt, chk = parts
        if not PBKDF2_ROUNDS_RE.match(rounds):
            return "rounds-not-plain-decimal"
        if not 1 <= int(rounds) <= 0xFFFFFFFF:
            return "rounds-range"
        if not salt or any(c not in DJANGO_SALT_CHARS for c in salt):
            return "salt"
        if not chk:
            return "missing-checksum"
        if len(chk) != checksum_chars or any(c not in DJANGO_B64_CHARS for c in chk):
            return "checksum"
        if int(rounds) > 20_000_000:
            return "cost-over-limit"
        return None
    return strict


def django_salted_strict(ident: str, hex_chars: int):
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(ident):
            return "prefix"
        parts = hash_text[len(ident):].split("$")
        if len(parts) != 2:
            return "field-count"
        salt, chk = parts
        if any(c not in DJANGO_SALT_CHARS for c in salt):
            return "salt"
        if not chk:
            return "missing-checksum"
        if len(chk) != hex_chars or any(c not in "0123456789abcdef" for c in chk):
            return "checksum"
        return None
    return strict


def django_wrapped_strict(prefix: str, inner_strict, keep: int = 0):
    """A Django prefix in front of another scheme's hash; `keep` characters of the prefix stay in the inner hash."""
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.startswith(prefix):
            return "non-ascii" if not hash_text.isascii() else "prefix"
        return inner_strict(hash_text[len(prefix) - keep:])
    return strict


def django_argon2_inner_strict(inner: str) -> Optional[str]:
    if not inner.isascii():
        return "non-ascii"  # PrefixWrapper decodes the hash as ASCII first: an error, not argon2's leniency
    return argon2_strict(inner)


def django_prefix_mutations(ident: str, base: str):
    """The prefix case-changed, shortened, doubled, preceded by junk, and other Django idents."""
    body = base[len(ident):]
    out = [("", "empty string"), (ident, "ident only"), (ident[:-1], "ident without its '$'"),
           (ident.upper() + body, "ident upper-cased"), (" " + base, "leading space"), ("\t" + base, "leading tab"),
           (ident + ident + body, "ident doubled"), ("$" + base, "leading '$'"), (ident[:-1] + ":" + body, "':' for '$'"),
           (base + "\n", "trailing newline"), (base + " ", "trailing space"), (base + "\r\n", "trailing CRLF"),
           (base + "\x00", "trailing NUL"), (base + "é", "trailing é (non-ASCII)"), (base + "$", "trailing '$'")]
    return out


def gen_django_pbkdf2(b: Builder):
    ident, digest, chk_chars = DJANGO_PBKDF2_PARAMS[b.scheme.name]
    rng = b.rng
    block = 64

    def make(pw: bytes, rounds: int, salt: str) -> str:
        return b.handler.using(rounds=rounds, salt=salt).hash(pw)

    formats = {
        "django_pbkdf2_sha256": [
            ("§8 P1 rounds=1000", P1, "pbkdf2_sha256$1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=", "true"),
            ("§8 P2 rounds=1000", P2, "pbkdf2_sha256$1000$saltsalt$hkltPCNDylvh7BYecuxT488sstrhAByI3xG1+Bms16U=", "true"),
            ("§8 P3 rounds=1000", P3, "pbkdf2_sha256$1000$saltsalt$PgZh7gahAL7ZcynQb3HBarjKdqFLfcH+atPymuPv/9s=", "true"),
            ("§9 salt containing '_' (Django itself accepts)", P1,
             "pbkdf2_sha256$1000$salt_salt$iUDwhjqL6S0hKApeH+nQzGJDA8Pujw0/Ik0p29zpv1M=", "error:ValueError"),
        ],
        "django_pbkdf2_sha1": [
            ("§8 P1 rounds=1000", P1, "pbkdf2_sha1$1000$saltsalt$6f6/9Uv85mj94wGsyFVjzJ3HHvY=", "true"),
            ("§8 P2 rounds=1000", P2, "pbkdf2_sha1$1000$saltsalt$czYU9uqU0B27wW9oAXCwpsBgLIQ=", "true"),
            ("§8 P3 rounds=1000", P3, "pbkdf2_sha1$1000$saltsalt$Zc5RufN5hqJyaKcBOBegJ4MpZ88=", "true"),
        ],
    }[b.scheme.name]
    for note, pw, h, doc in formats:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = formats[0][2]

    # -- random well-formed hashes, each with its password and a near miss
    for _ in range(150):
        pw = random_password(rng, allow_nul=True)
        rounds = rng.randint(1, 3000)
        salt = django_salt(rng)
        b.add_pair(pw, make(pw, rounds, salt), "%s, rounds=%d, %d-char salt" % (describe_password(pw), rounds, len(salt)))

    # -- passwords: empty, NUL (allowed), non-UTF-8, HMAC block edges, the 4096-byte limit
    specials = [(b"", "empty password"), (b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"),
                ("漢字パスワード".encode(), "CJK"), (b"\xff\xfe\x80", "invalid UTF-8")]
    for n in (block, block + 1, 200):
        specials.append((bytes(rng.randrange(1, 256) for _ in range(n)), "%d-byte password" % n))
    for pw, what in specials:
        h = make(pw, rng.randint(1, 500), django_salt(rng))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    b.add(P1 + b"\x00", make(P1, 10, "abc"), "edge", "password + NUL == password (HMAC zero-pads the key): match")
    big = bytes(rng.randrange(256) for _ in range(4096))
    h = make(big, 2, "saltsalt")
    b.add(big, h, "edge", "4096-byte password (the maximum): match")
    b.add(big + b"x", h, "edge", "4097-byte password: PasswordSizeError")
    b.add(big + b"x", ident, "edge", "4097-byte password with a malformed hash: the size check comes first")

    # -- rounds and salts at their edges
    b.add(P1, make(P1, 1, "a"), "edge", "rounds=1, 1-char salt: match")
    b.add(P1, make(P1, 3, "x" * 300), "edge", "300-char salt (no maximum): match")
    b.add(P1, make(P1, 7, DJANGO_SALT_CHARS), "edge", "every salt character: match")

    # -- the checksum is compared as text: the right bytes spelt differently are no match or an error
    r, s, c = p1_hash[len(ident):].split("$")
    head = "%s%s$%s$" % (ident, r, s)
    b.add(P1, head + c.rstrip("="), None, "checksum without its '=' padding (wrong length)")
    b.add(P1, head + c[:-1] + "A", None, "checksum with 'A' for its '=' (a valid 44-char text, another value)")
    b.add(P1, head + c[:-2] + chr(ord(c[-2]) + 1) + "=", None, "checksum last data char +1 (unused bits differ)")
    b.add(P1, head + c.replace("+", "-").replace("/", "_"), None, "url-safe base64 checksum")
    b.add(P1, head + "=" * chk_chars, None, "checksum all '='")
    b.add(P1, head + "A" * (chk_chars - 1) + "=", None, "checksum 'AAA...=' (well-formed text, wrong value)")

    # -- rounds spelt as Python's int() reads them: passlib accepts, pwcheck refuses
    for rr, what in [("+" + r, "'+' sign"), (" " + r, "leading space"), (r + " ", "trailing space"),
                     ("1_000", "'_' separator"), (r + "\n", "trailing newline"), ("\t" + r, "leading tab")]:
        b.add(P1, "%s%s$%s$%s" % (ident, rr, s, c), None, "rounds with a %s" % what)
        b.add(b"wrong", "%s%s$%s$%s" % (ident, rr, s, c), None, "rounds with a %s, wrong password" % what)

    # -- malformed hashes made by mutating valid ones
    pw2 = random_password(rng, allow_nul=False)
    for pw, base in [(P1, p1_hash), (pw2, make(pw2, 1234, django_salt(rng)))]:
        r, s, c = base[len(ident):].split("$")

        def m3(rounds=r, salt=s, chk=c):
            return "%s%s$%s$%s" % (ident, rounds, salt, chk)
        for h, note in django_prefix_mutations(ident, base) + [
                ("%s%s$%s" % (ident, r, s), "config string (no checksum field)"), (m3(chk=""), "empty checksum"),
                ("%s%s$%s" % (ident, r, c), "salt field missing"), (m3() + "$" + c, "a fourth field"),
                (m3(rounds=""), "empty rounds"), (m3(rounds="0"), "rounds 0"), (m3(rounds="0" + r), "rounds zero-padded"),
                (m3(rounds="-1"), "rounds -1"), (m3(rounds="4294967296"), "rounds 2^32"), (m3(rounds="1e3"), "rounds 1e3"),
                (m3(rounds="abc"), "rounds not a number"), (m3(rounds=hex(int(r))), "rounds in hex"),
                (m3(rounds="١٠٠٠"), "rounds in Arabic-Indic digits (non-ASCII)"),
                (m3(salt=""), "empty salt"), (m3(salt=s + "_"), "salt with '_'"), (m3(salt=s + "."), "salt with '.'"),
                (m3(salt=s + "+"), "salt with '+'"), (m3(salt=s + "/"), "salt with '/'"), (m3(salt=s + "="), "salt with '='"),
                (m3(salt=s + " "), "salt with a space"), (m3(salt=s + "-"), "salt with '-'"), (m3(salt=s + "é"), "salt with é"),
                (m3(chk=c[:-1]), "checksum one char short"), (m3(chk=c + "="), "checksum one char long"),
                (m3(chk=c[:5] + "." + c[6:]), "'.' in the checksum"), (m3(chk=c[:5] + "!" + c[6:]), "'!' in the checksum"),
                (m3(chk=c[:5] + " " + c[6:]), "space in the checksum"), (m3(chk=c[:-1] + "€"), "€ in the checksum"),
                (m3(chk=c.swapcase()), "checksum case-swapped"),
                (m3(chk=s), "salt as the checksum"),
        ]:
            b.add(pw, h, None, note)
    # other Django / passlib idents (case matters; none of these is this row's)
    body = p1_hash[len(ident):]
    for other in sorted({"pbkdf2_sha256$", "pbkdf2_sha1$", "pbkdf2_sha512$", "pbkdf2-sha256$", "PBKDF2_SHA256$",
                         "pbkdf2$", "$pbkdf2-sha256$", "pbkdf2_sha256:"} - {ident}):
        b.add(P1, other + body, None, "ident %r" % other)


def gen_django_salted(b: Builder):
    ident, digest, hex_chars = DJANGO_SALTED_PARAMS[b.scheme.name]
    rng = b.rng

    def make(pw: bytes, salt: str) -> str:
        return b.handler.using(salt=salt).hash(pw) if salt else "%s$%s" % (ident, hashlib.new(digest, pw).hexdigest())

    known = b.handler.using(salt="saltsalt").hash(P1)
    b.add(P1, known, "edge", "P1, salt 'saltsalt' (the row's known answer): match")
    for _ in range(150):
        pw = random_password(rng, allow_nul=True)
        salt = django_salt(rng, 0, 20)
        b.add_pair(pw, make(pw, salt), "%s, %d-char salt" % (describe_password(pw), len(salt)))
    for pw, what in [(b"", "empty password"), (b"\x00", "single NUL"), (b"a\x00b", "NUL inside"), (P2, "P2"),
                     (bytes(range(1, 256)), "bytes 1..255"), (b"x" * 4096, "4096-byte password (the limit)")]:
        h = make(pw, django_salt(rng))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    b.add(P1, make(P1, ""), "edge", "empty salt (allowed for the salted digests): match")
    b.add(b"x" * 4097, known, "edge", "4097-byte password: PasswordSizeError")
    b.add(b"x" * 4097, ident, "edge", "4097-byte password with a malformed hash: the size check comes first")
    # salt || password is one string: moving bytes between them keeps the digest
    b.add(b"altsaltpassword", "%ss$%s" % (ident, known.split("$")[2]), "edge",
          "salt 's' + password 'altsaltpassword' == salt 'saltsalt' + 'password': match")

    for pw, base in [(P1, known)]:
        s, c = base[len(ident):].split("$")

        def m2(salt=s, chk=c):
            return "%s%s$%s" % (ident, salt, chk)
        for h, note in django_prefix_mutations(ident, base) + [
                (ident + s, "config string (no checksum field)"), (m2(chk=""), "empty checksum"),
                (m2() + "$" + c, "a third field"), (ident + "$" + s + "$" + c, "empty first field"),
                (m2(chk=c.upper()), "checksum upper-case hex"), (m2(chk=c[:-1] + c[-1].upper()), "one upper-case hex digit"),
                (m2(chk=c[:-1]), "checksum one digit short"), (m2(chk=c + "0"), "checksum one digit long"),
                (m2(chk=c[:4] + "g" + c[5:]), "'g' in the checksum"), (m2(chk=c[:4] + " " + c[5:]), "space in the checksum"),
                (m2(chk=c[:-1] + "é"), "é in the checksum"), (m2(chk="0" * hex_chars), "checksum all zeros (no match)"),
                (m2(salt=s + "_"), "salt with '_'"), (m2(salt=s + "."), "salt with '.'"), (m2(salt=s + "$"), "salt with '$'"),
                (m2(salt=s + "é"), "salt with é"), (m2(salt=s + " "), "salt with a space"),
        ]:
            b.add(pw, h, None, note)
    for other in ("sha1$", "md5$", "sha256$", "SHA1$", "MD5$", "crypt$", "$sha1$", "$md5$"):
        if other != ident:
            b.add(P1, other + known[len(ident):], None, "ident %r" % other)


def gen_django_bcrypt(b: Builder):
    rng = b.rng
    sha256_variant = b.scheme.name == "django_bcrypt_sha256"
    ident = "bcrypt_sha256$" if sha256_variant else "bcrypt$"

    def make(pw: bytes, bident: str, cost: int, salt: str) -> str:
        return b.handler.using(ident=bident, rounds=cost, salt=salt).hash(pw)

    def allowed(pw: bytes) -> bool:
        return sha256_variant or b"\x00" not in pw

    if sha256_variant:
        formats = [("§8 P1 $2b$ cost 4", P1, "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2"),
                   ("§8 P2 $2b$ cost 4", P2, "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuANzh.EiQ6QaaUAU7xXQjYpIzxsYLNQS"),
                   ("§8 P3 $2b$ cost 4", P3, "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuAGUtA0XVhWMYe2lvlA94phs07MYN67C")]
    else:
        formats = [("§8 P1 cost 4", P1, "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")]
    for note, pw, h in formats:
        b.add(pw, h, "edge", "FORMATS " + note, doc="true")
    p1_hash = formats[0][2]

    for i in range(120):
        bident = ("2b", "2b", "2a", "2y", "2")[i % 5]
        pw = random_password(rng, allow_nul=sha256_variant, max_len=rng.choice((40, 40, 100)))
        h = make(pw, bident, 4, bcrypt_salt(rng))
        b.add_pair(pw, h, "$%s$ cost 4, %s" % (bident, describe_password(pw)), allowed=allowed)

    # -- password length and NUL rules: plain bcrypt's for django_bcrypt, none for django_bcrypt_sha256
    base = bytes(rng.randrange(1, 256) for _ in range(72))
    h = make(base, "2b", 4, bcrypt_salt(rng))
    b.add(base, h, "edge", "72-byte password: match")
    b.add(base + b"tail", h, "edge", "72 bytes + 'tail' vs the hash of the 72: %s" % (
        "no match (the pre-hash sees every byte)" if sha256_variant else "match (truncated at 72)"))
    hl = make(base + b"tail", "2b", 4, bcrypt_salt(rng))
    b.add(base + b"tail", hl, "edge", "76-byte password vs its own hash: match")
    b.add(base, hl, "edge", "its first 72 bytes: %s" % ("no match" if sha256_variant else "match"))
    big = bytes(rng.randrange(1, 256) for _ in range(4096))
    hb = make(big, "2b", 4, bcrypt_salt(rng))
    b.add(big, hb, "edge", "4096-byte password: match")
    b.add(big + b"x", hb, "edge", "4097-byte password: PasswordSizeError")
    b.add(b"x" * 4097, ident, "edge", "4097-byte password with a malformed hash: the size check comes first")
    for pw, what in [(b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"), (b"password\x00", "trailing NUL")]:
        if sha256_variant:
            hn = make(pw, "2b", 4, bcrypt_salt(rng))
            b.add(pw, hn, "edge", "%s (allowed): match" % what)
            b.add(pw.replace(b"\x00", b""), hn, "edge", "%s removed: no match" % what)
        else:
            b.add(pw, p1_hash, "edge", "%s: PasswordValueError" % what)
            b.add(pw, p1_hash[:-1], "edge", "%s with a truncated hash: the hash error comes first" % what)
    if sha256_variant:
        # the key is the lowercase hex digest: the upper-case hex, the raw digest or plain bcrypt do not match
        salt = bcrypt_salt(rng)
        hx = make(P1, "2b", 4, salt)
        plain = bcrypt.using(ident="2b", rounds=4, salt=salt).hash(hashlib.sha256(P1).hexdigest().encode())
        b.add(P1, ident + plain, "edge", "plain bcrypt of hex(sha256(P)) under the prefix: match (the same thing)")
        b.add(P1, ident + bcrypt.using(ident="2b", rounds=4, salt=salt).hash(hashlib.sha256(P1).hexdigest().upper().encode()),
              "edge", "bcrypt of the upper-case hex digest: no match")
        b.add(P1, ident + bcrypt.using(ident="2b", rounds=4, salt=salt).hash(P1), "edge",
              "plain bcrypt of the password under the prefix: no match")
        b.add(P1, hx.replace(ident, "bcrypt$", 1), None, "django_bcrypt_sha256 checksum under bcrypt$ (other row)")
    # $2a$/$2y$ are $2b$; $2$ differs for passwords under 72 bytes
    salt = bcrypt_salt(rng)
    h2b = make(P1, "2b", 4, salt)
    for other in ("$2a$", "$2y$", "$2$"):
        b.add(P1, h2b.replace("$2b$", other, 1), "edge", "$2b$ hash with its ident changed to %s" % other)
    # padding bits of the salt and checksum are repaired, as in plain bcrypt
    for ch in "uvwxyzO.":
        b.add(P1, p1_hash[:len(ident) + 28] + ch + p1_hash[len(ident) + 29:], None, "salt 22nd char %r" % ch)
    for ch in BCRYPT64_CHARS[::4]:
        b.add(P1, p1_hash[:-1] + ch, None, "checksum 31st char %r" % ch)

    # -- malformed: the prefix, and bcrypt's own mutations behind it
    for h, note in django_prefix_mutations(ident, p1_hash) + [
            (ident + p1_hash[len(ident) + 1:], "inner '$' missing ('%s2b$...')" % ident),
            (ident + "$" + p1_hash[len(ident):], "two '$' after the prefix"),
            (ident + "$2x$" + p1_hash[len(ident) + 4:], "$2x$ inside (unsupported)"),
            (ident + "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "an argon2 hash inside"),
            (ident + "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA",
             "a pbkdf2 hash inside"),
            (("bcrypt$" if sha256_variant else "bcrypt_sha256$") + p1_hash[len(ident):], "the other bcrypt row's ident"),
            ("bcrypt-sha256$" + p1_hash[len(ident):], "ident 'bcrypt-sha256$'"),
            (p1_hash[len(ident):], "the bare bcrypt hash (no Django prefix)")]:
        b.add(P1, h, None, note)
    inner = p1_hash[len(ident):]
    for h, note in bcrypt_mutations(inner, rng):
        if h:
            b.add(P1, ident + h, None, "inner hash: " + note)


def gen_django_argon2(b: Builder):
    rng = b.rng

    def salt_of(n):
        return bytes(rng.randrange(256) for _ in range(n))

    formats = [
        ("§8 P1 argon2i t=1,m=8,p=1", P1, "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow"),
        ("§8 P2 argon2i t=1,m=8,p=1", P2, "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$GFvez7pS9NhIw6Vy7kWBqw"),
        ("§8 P3 argon2i t=1,m=8,p=1", P3, "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$vtgqjxWjdwbPulRJxgnRIA"),
    ]
    for note, pw, h in formats:
        b.add(pw, h, "edge", "FORMATS " + note, doc="true")
    # what passlib itself makes: type i (only m, t, p lowered here)
    made = b.handler.using(rounds=1, memory_cost=8, parallelism=1, salt=b"saltsaltsaltsalt").hash(P1)
    assert made == formats[0][2], made
    b.add(P1, made, "edge", "django_argon2.using(t=1, m=8, p=1).hash(P1): type i, as the §8 vector")

    bases = []
    for i in range(120):
        type_name = ("i", "id", "d")[i % 3]
        version_style = ("v19", "v19", "v16", "none")[(i // 3) % 4]
        p = rng.randint(1, 2)
        m = rng.randint(8 * p, 64)
        t = rng.randint(1, 2)
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 100)))
        h = "argon2" + argon2_make(pw, salt_of(rng.randint(8, 24)), type_name, 19 if version_style == "v19" else 16,
                                   m, t, p, rng.randint(4, 32), drop_version=version_style == "none")
        b.add_pair(pw, h, "argon2%s %s m=%d t=%d p=%d, %s" % (type_name, version_style, m, t, p, describe_password(pw)))
        bases.append((pw, h))

    for pw, what in [(b"", "empty password"), (b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"),
                     (b"\xff\xfe", "invalid UTF-8"), (b"x" * 4096, "4096-byte password")]:
        h = "argon2" + argon2_make(pw, salt_of(16), "i", 19, 8, 1, 1, 16)
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    b.add(b"x" * 4097, formats[0][2], "edge", "4097-byte password: PasswordSizeError")
    b.add(b"x" * 4097, "argon2$", "edge", "4097-byte password with a malformed hash: the size check comes first")
    # versions other than 16 and 19 (argon2-version), a NUL in the hash (argon2-nul-in-hash)
    for version in (17, 20):
        salt = salt_of(16)
        tag = argon2_ll.hash_secret_raw(P1, salt, time_cost=1, memory_cost=8, parallelism=1, hash_len=16,
                                        type=argon2_ll.Type.I, version=version)
        h = "argon2$argon2i$v=%d$m=8,t=1,p=1$%s$%s" % (version, std64(salt), std64(tag))
        b.add(P1, h, "lenient", "self-consistent v=%d hash" % version)
    b.add(P1, formats[0][2] + "\x00junk", "lenient", "NUL then junk after the tag")

    ident = "argon2$"
    for h, note in django_prefix_mutations(ident, formats[0][2]) + [
            ("argon2" + formats[0][2][len(ident):], "the '$' after 'argon2' missing"),
            ("argon2$$" + formats[0][2][len(ident):], "an extra '$' after the prefix"),
            ("argon2i" + formats[0][2][len(ident) - 1:], "prefix 'argon2i'"),
            ("argon2$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "a bcrypt hash inside"),
            ("argon2$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow", "type argon2x"),
            (formats[0][2][len(ident) - 1:], "the bare argon2 hash (no Django prefix)")]:
        b.add(P1, h, None, note)
    for pw, base in [(P1, formats[0][2])] + bases[:3]:
        for h, note in argon2_mutations(base[len(ident) - 1:], rng):
            if h:
                b.add(pw, "argon2" + h, None, "inner hash: " + note)


def django_backend_pbkdf2() -> str:
    return "passlib django handlers, pbkdf2 %s" % passlib_digest.PBKDF2_BACKENDS[0]


def django_backend_bcrypt() -> str:
    return "passlib django handlers on bcrypt backend %s (pyca bcrypt %s)" % (bcrypt.get_backend(), pyca_bcrypt.__version__)


def django_backend_argon2() -> str:
    return "passlib django_argon2 on %s (argon2-cffi %s)" % (argon2_handler.get_backend(), argon2_cffi.__version__)


def django_backend_hashlib() -> str:
    return "passlib django handlers (hashlib)"


DJANGO_SCHEMES = [
    Scheme("django_pbkdf2_sha256", django_pbkdf2_sha256, django_backend_pbkdf2, gen_django_pbkdf2,
           django_pbkdf2_strict("pbkdf2_sha256$", 44), DJANGO_PBKDF2_DEVIATIONS),
    Scheme("django_pbkdf2_sha1", django_pbkdf2_sha1, django_backend_pbkdf2, gen_django_pbkdf2,
           django_pbkdf2_strict("pbkdf2_sha1$", 28), DJANGO_PBKDF2_DEVIATIONS),
    Scheme("django_bcrypt_sha256", django_bcrypt_sha256, django_backend_bcrypt, gen_django_bcrypt,
           django_wrapped_strict("bcrypt_sha256$", bcrypt_strict), ()),
    Scheme("django_bcrypt", django_bcrypt, django_backend_bcrypt, gen_django_bcrypt,
           django_wrapped_strict("bcrypt$", bcrypt_strict), ()),
    Scheme("django_argon2", django_argon2, django_backend_argon2, gen_django_argon2,
           django_wrapped_strict("argon2$", django_argon2_inner_strict, keep=1), ARGON2_DEVIATIONS),
    Scheme("django_salted_sha1", django_salted_sha1, django_backend_hashlib, gen_django_salted,
           django_salted_strict("sha1$", 40), ()),
    Scheme("django_salted_md5", django_salted_md5, django_backend_hashlib, gen_django_salted,
           django_salted_strict("md5$", 32), ()),
]


# --------------------------------------------------------------------------------------------
# Werkzeug / Flask (FORMATS.md §5.2; not in passlib): werkzeug_pbkdf2, werkzeug_scrypt
# --------------------------------------------------------------------------------------------

import hmac  # noqa: E402

try:
    import werkzeug  # noqa: E402
    import werkzeug.security as werkzeug_security  # noqa: E402
except ImportError:  # apt-get install python3-werkzeug (Debian 12: 2.2.2)
    werkzeug = werkzeug_security = None

WERKZEUG_DEFAULT_PBKDF2_ITERATIONS = 1_000_000  # Werkzeug 3.1
# hashlib's own names that pbkdf2_hmac takes (hashlib.algorithms_available minus shake_*); pwcheck's table
WERKZEUG_DIGESTS = ("sha256", "sha512", "sha1", "sha224", "sha384", "sha512_224", "sha512_256", "sha3_224",
                    "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s", "md5", "md5-sha1", "sm3", "ripemd160")
WERKZEUG_DEVIATIONS = ("werkzeug-missing-fields", "werkzeug-default-params", "werkzeug-digest-name",
                       "params-not-plain-decimal", "password-size-limit", "cost-over-limit")
WERKZEUG_SALT_CHARS = DJANGO_SALT_CHARS
INT_MAX = 2 ** 31 - 1


def werkzeug3_hash(method: str, salt: str, password: bytes) -> str:
    """werkzeug.security._hash_internal of Werkzeug 3.1, on the password's bytes (Werkzeug: str.encode())."""
    method, *args = method.split(":")
    salt_bytes = salt.encode()
    if method == "scrypt":
        if not args:
            n, r, p = 2 ** 15, 8, 1
        else:
            try:
                n, r, p = map(int, args)
            except ValueError:
                raise ValueError("'scrypt' takes 3 arguments.") from None
        maxmem = 132 * n * r * p
        return hashlib.scrypt(password, salt=salt_bytes, n=n, r=r, p=p, maxmem=maxmem).hex()
    if method == "pbkdf2":
        if len(args) == 0:
            hash_name, iterations = "sha256", WERKZEUG_DEFAULT_PBKDF2_ITERATIONS
        elif len(args) == 1:
            hash_name, iterations = args[0], WERKZEUG_DEFAULT_PBKDF2_ITERATIONS
        elif len(args) == 2:
            hash_name, iterations = args[0], int(args[1])
        else:
            raise ValueError("'pbkdf2' takes 2 arguments.")
        return hashlib.pbkdf2_hmac(hash_name, password, salt_bytes, iterations).hex()
    raise ValueError("Invalid hash method '%s'." % method)


def werkzeug3_check(pwhash: str, password: bytes) -> bool:
    """werkzeug.security.check_password_hash of Werkzeug 3.x."""
    try:
        method, salt, hashval = pwhash.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(werkzeug3_hash(method, salt, password), hashval)


def _outcome(fn):
    try:
        return repr(fn())
    except Exception as exc:  # the class is the outcome
        return "error:" + exception_name(exc)


class WerkzeugHandler:
    """The generator's handler for Werkzeug: .verify(password_bytes, hash_bytes) as Werkzeug 3.x answers.

    The answer is always the hashlib model above (Werkzeug 3.x's code, FORMATS.md §5.2). Where the
    installed Werkzeug (Debian's 2.2.2, which has no scrypt and refuses empty salts) means the same thing,
    its real check_password_hash runs too and must agree: pbkdf2 with both arguments, a non-empty salt
    and a UTF-8 password.
    """

    def __init__(self, kind: str):
        self.kind = kind  # "pbkdf2" or "scrypt": the row this handler answers for
        self.checked_by_werkzeug = 0
        self.disagreements = []

    def verify(self, password: bytes, hash_bytes: bytes) -> bool:
        pwhash = hash_bytes.decode("utf-8")
        if pwhash.count("$") >= 2 and pwhash.split("$", 1)[0].split(":")[0] != self.kind:
            # the other row's hash: an error, as a passlib handler raises for a hash not its own
            raise ValueError("not a werkzeug_%s hash" % self.kind)
        model = _outcome(lambda: werkzeug3_check(pwhash, password))
        if werkzeug_security is not None and self._real_applies(pwhash, password):
            real = _outcome(lambda: werkzeug_security.check_password_hash(pwhash, password.decode("utf-8")))
            self.checked_by_werkzeug += 1
            if real != model:
                self.disagreements.append("werkzeug %s says %s, the 3.x model %s: %r" % (
                    werkzeug.__version__, real, model, pwhash))
        return werkzeug3_check(pwhash, password)

    @staticmethod
    def _real_applies(pwhash: str, password: bytes) -> bool:
        try:
            password.decode("utf-8")  # first: the real one takes str passwords only
        except UnicodeDecodeError:
            return False
        if pwhash.count("$") < 2:
            return True  # both return False
        method, salt, _ = pwhash.split("$", 2)
        return method.startswith("pbkdf2:") and method.count(":") == 2 and salt != ""


WERKZEUG_PBKDF2_HANDLER = WerkzeugHandler("pbkdf2")
WERKZEUG_SCRYPT_HANDLER = WerkzeugHandler("scrypt")


def werkzeug_scrypt_problem(n: int, r: int, p: int) -> Optional[str]:
    """Why hashlib.scrypt (OpenSSL 3) with Werkzeug's maxmem = 132 N r p refuses N, r, p."""
    if n < 2 or n & (n - 1):
        return "n-power-of-2"
    if r < 1 or p < 1:
        return "r-p-range"
    maxmem = 132 * n * r * p
    if maxmem > INT_MAX:
        return "maxmem-over-int-max"
    if 16 * r <= 63 and n >= 1 << (16 * r):
        return "n-over-2^16r"
    if 128 * r * (n + 2) + 128 * r * p > maxmem:
        return "maxmem"
    return None


def werkzeug_strict(kind: str):
    """Model of pwcheck's Werkzeug parser for the `kind` ("pbkdf2" or "scrypt") row."""
    def plain(text: str) -> bool:
        return re.fullmatch(r"[0-9]+", text) is not None

    def strict(hash_text: str) -> Optional[str]:
        if any("\udc80" <= c <= "\udcff" for c in hash_text):
            return "not-utf8"  # bytes that are not UTF-8 (the battery's surrogate escapes): Werkzeug takes str
        if hash_text.count("$") < 2:
            return "werkzeug-missing-fields"
        method, salt, hashval = hash_text.split("$", 2)
        if not hashval.isascii():
            return "hash-non-ascii"
        name, *args = method.split(":")
        if name != kind:
            return "method"
        if kind == "pbkdf2":
            if len(args) < 2:
                return "werkzeug-default-params"
            if len(args) > 2:
                return "argument-count"
            if args[0] not in WERKZEUG_DIGESTS:
                return "werkzeug-digest-name"
            if not plain(args[1]):
                return "params-not-plain-decimal"
            if not 1 <= int(args[1]) <= INT_MAX:
                return "iterations-range"
            if int(args[1]) > 20_000_000:
                return "cost-over-limit"
            return None
        if not args:
            return "werkzeug-default-params"
        if len(args) != 3:
            return "argument-count"
        if not all(plain(a) for a in args):
            return "params-not-plain-decimal"
        n, r, p = map(int, args)
        if max(n, r, p) > INT_MAX:
            return "param-range"
        return werkzeug_scrypt_problem(n, r, p)
    return strict


def werkzeug_salt(rng: random.Random) -> str:
    """Mostly Werkzeug's own salts (16 chars of SALT_CHARS), sometimes anything but '$'."""
    style = rng.choice(("werkzeug", "werkzeug", "werkzeug", "short", "urlsafe", "any", "empty"))
    if style == "werkzeug":
        return "".join(rng.choice(WERKZEUG_SALT_CHARS) for _ in range(16))
    if style == "short":
        return "".join(rng.choice(WERKZEUG_SALT_CHARS) for _ in range(rng.randint(1, 8)))
    if style == "urlsafe":  # the development branch's secrets.token_urlsafe(16)
        return "".join(rng.choice(WERKZEUG_SALT_CHARS + "-_") for _ in range(22))
    if style == "any":
        return "".join(rng.choice((ASCII_POOL + UTF8_POOL).replace("$", "")) for _ in range(rng.randint(1, 20)))
    return ""


def werkzeug_make(method: str, salt: str, password: bytes) -> str:
    return "%s$%s$%s" % (method, salt, werkzeug3_hash(method, salt, password))


def werkzeug_password_limit_case(b: Builder, password: bytes, hash_text: str, note: str):
    """Werkzeug has no password size limit; pwcheck refuses more than 4096 bytes (password-size-limit)."""
    case = b.add(password, hash_text, "edge", note)
    if case is not None and case["passlib"] in ("true", "false"):
        case.update(expect="password_refused", kind="lenient", deviation="password-size-limit")


def werkzeug_common_mutations(b: Builder, pw: bytes, base: str, method: str):
    """Cases both rows share: the split on the first two '$', the hex compared as text, salts verbatim."""
    _, salt, hexval = base.split("$", 2)
    for h, note in [
            (base.upper(), "whole hash upper-cased (method no longer matches)"),
            ("%s$%s$%s" % (method, salt, hexval.upper()), "hex upper-cased: no match (compared as text)"),
            ("%s$%s$%s" % (method, salt, hexval[:-1]), "hex one digit short: no match"),
            ("%s$%s$%s" % (method, salt, hexval + "0"), "hex one digit long: no match"),
            ("%s$%s$%s" % (method, salt, ""), "empty hex: no match"),
            ("%s$%s$%s$" % (method, salt, hexval), "trailing '$' (part of the hex): no match"),
            ("%s$%s$%s$%s" % (method, salt, hexval, salt), "a fourth '$' field (part of the hex): no match"),
            ("%s$%s$%s" % (method, salt, hexval + "\n"), "trailing newline in the hex: no match"),
            ("%s$%s$%s" % (method, salt, " " + hexval), "leading space in the hex: no match"),
            ("%s$%s$%s" % (method, salt, hexval[:-1] + "é"), "é in the hex: TypeError (compare_digest)"),
            ("%s$%s$%s" % (method, salt, hexval + "€"), "€ after the hex: TypeError"),
            ("%s$%s$%s" % (method, salt + "x", hexval), "salt with a character appended: no match"),
            ("%s$%s$%s" % (method, salt[1:], hexval), "salt with its first character removed: no match"),
            ("%s$$%s" % (method, hexval), "salt emptied: no match"),
            ("%s$%s" % (method, hexval), "only one '$'"),
            (method, "method only"),
            ("%s$" % method, "method and one '$'"),
            ("%s%s%s" % (method, salt, hexval), "no '$' at all"),
            (" " + base, "leading space (method no longer matches)"),
            ("%s $%s$%s" % (method, salt, hexval), "space after the method"),
            (method + "\n$%s$%s" % (salt, hexval), "newline after the method"),
            ("", "empty string"),
    ]:
        b.add(pw, h, None, note)


def gen_werkzeug_pbkdf2(b: Builder):
    rng = b.rng
    formats = [
        ("§8 P1 pbkdf2:sha256:1000", P1, "pbkdf2:sha256:1000$saltsaltsaltsalt$f275fb870144cc807c68f6a325360af3078741ce4d833d2915500abd2bb88d00"),
        ("§8 P2 pbkdf2:sha256:1000", P2, "pbkdf2:sha256:1000$saltsaltsaltsalt$d4edf317aaf8db9452d83530d5fd8c7e16a23bbdb17b9175eb13b171bc098f61"),
        ("§8 P3 pbkdf2:sha256:1000", P3, "pbkdf2:sha256:1000$saltsaltsaltsalt$b88f67b6a828cb87ec03d16d8243f678544a017f2526f0e5e5b60a83369dde09"),
        ("§8 P1 pbkdf2:sha512:1000", P1, "pbkdf2:sha512:1000$saltsaltsaltsalt$ef5e6ba88af97573953e9061aaab2e825d37ef34f96d6253598999b4870af210678ac2a9c1f63b92892fc230eb347a87845e743dbecc0fa1ef909c220d0c38c3"),
    ]
    for note, pw, h in formats:
        b.add(pw, h, "edge", "FORMATS " + note, doc="true")
    p1 = formats[0][2]

    for i in range(150):
        digest = ("sha256", "sha256", "sha256", "sha512", "sha1", rng.choice(WERKZEUG_DIGESTS))[i % 6]
        pw = random_password(rng, allow_nul=True)
        iterations = rng.randint(1, 3000)
        salt = werkzeug_salt(rng)
        b.add_pair(pw, werkzeug_make("pbkdf2:%s:%d" % (digest, iterations), salt, pw),
                   "pbkdf2:%s:%d, %d-char salt, %s" % (digest, iterations, len(salt), describe_password(pw)))
    for digest in WERKZEUG_DIGESTS:  # every digest, each with two passwords
        for pw in (P1, P2):
            h = werkzeug_make("pbkdf2:%s:%d" % (digest, rng.randint(1, 50)), "saltsaltsaltsalt", pw)
            b.add(pw, h, "edge", "digest %s: match" % digest)
            b.add(P3, h, "wrong_password", "digest %s: empty password" % digest)

    for pw, what in [(b"", "empty password"), (b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"),
                     ("漢字パスワード".encode(), "CJK"), (b"\xff\xfe\x80", "invalid UTF-8 (hashed as the bytes given)"),
                     (bytes(rng.randrange(1, 256) for _ in range(200)), "200-byte password")]:
        h = werkzeug_make("pbkdf2:sha256:%d" % rng.randint(1, 300), werkzeug_salt(rng), pw)
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    big = bytes(rng.randrange(1, 128) for _ in range(4096))
    h = werkzeug_make("pbkdf2:sha256:2", "saltsaltsaltsalt", big)
    b.add(big, h, "edge", "4096-byte password: match")
    werkzeug_password_limit_case(b, big + b"x", werkzeug_make("pbkdf2:sha256:2", "s", big + b"x"),
                                 "4097-byte password (Werkzeug has no limit)")
    werkzeug_password_limit_case(b, big + b"x", h, "4097-byte password, wrong (Werkzeug has no limit)")

    # salts are used verbatim: empty, ':' and spaces, non-ASCII, NUL; leading zeros in the count
    for salt, what in [("", "empty salt (Werkzeug 2.3+)"), ("a:b:c", "':' in the salt"), (" s p ", "spaces in the salt"),
                       ("sälz€", "non-ASCII salt (its UTF-8 bytes)"), ("a\x00b", "NUL in the salt"),
                       ("x" * 500, "500-char salt"), ("-_", "url-safe characters")]:
        b.add(P1, werkzeug_make("pbkdf2:sha256:10", salt, P1), "edge", what + ": match")
    b.add(P1, werkzeug_make("pbkdf2:sha256:0010", "saltsaltsaltsalt", P1), "edge", "iterations '0010' (no zero-padding rule): match")
    b.add(P1, p1.replace(":1000$", ":01000$"), "edge", "iterations '01000' on the §8 vector: match")
    b.add(P1, werkzeug_make("pbkdf2:sha256:1", "", P1), "edge", "iterations 1, empty salt: match")
    b.add(P1, p1.replace("sha256", "sha512"), "edge", "sha256 hex under pbkdf2:sha512: no match")
    # the pbkdf2 of Django's format is not Werkzeug's
    b.add(P1, "pbkdf2:sha256:1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=", "edge",
          "Django's base64 checksum under Werkzeug's method: no match")

    # -- deviations: pwcheck refuses what Werkzeug answers
    for h, note in [("pbkdf2:sha256$saltsaltsaltsalt$" + p1.split("$")[2], "no iteration count (version-dependent default)"),
                    ("pbkdf2$saltsaltsaltsalt$" + p1.split("$")[2], "bare pbkdf2 (sha256, version-dependent count)"),
                    (p1.replace("sha256", "SHA256"), "OpenSSL's name SHA256"),
                    (p1.replace("sha256", "sha-256"), "OpenSSL's name sha-256"),
                    (p1.replace("sha256", "SHA2-256"), "OpenSSL's name SHA2-256"),
                    (p1.replace(":1000$", ":+1000$"), "iterations '+1000'"),
                    (p1.replace(":1000$", ": 1000$"), "iterations ' 1000'"),
                    (p1.replace(":1000$", ":1000 $"), "iterations '1000 '"),
                    (p1.replace(":1000$", ":1_000$"), "iterations '1_000'"),
                    ("pbkdf2:sha256:1000", "no '$' at all (Werkzeug: False)"),
                    ("pbkdf2:sha256:1000$" + p1.split("$")[2], "one '$' (Werkzeug: False)")]:
        b.add(P1, h, None, note)
        b.add(b"wrong", h, None, note + ", wrong password")

    # -- malformed: Werkzeug raises
    hexval = p1.split("$")[2]
    for method, note in [("pbkdf2:sha256:1000:1", "three arguments"), ("pbkdf2:sha256:", "empty iteration count"),
                         ("pbkdf2::1000", "empty digest"), ("pbkdf2:nosuch:1000", "unknown digest"),
                         ("pbkdf2:shake_128:1000", "shake_128 (no fixed size)"), ("pbkdf2:whirlpool:1000", "whirlpool"),
                         ("pbkdf2:sha256:0", "iterations 0"), ("pbkdf2:sha256:-1", "iterations -1"),
                         ("pbkdf2:sha256:2147483648", "iterations 2^31 (OverflowError)"),
                         ("pbkdf2:sha256:99999999999999999999", "iterations huge"), ("pbkdf2:sha256:1e3", "iterations 1e3"),
                         ("pbkdf2:sha256:abc", "iterations not a number"), ("pbkdf2:sha256:0x10", "iterations in hex"),
                         ("pbkdf2:sha256:١٠٠٠", "iterations in Arabic-Indic digits"),
                         ("pbkdf2:sha256:1000é", "é after the count"), ("pbkdf2:sha256:10.0", "iterations 10.0"),
                         ("pbkdf2;sha256;1000", "';' separators"), ("pbkdf2:sha256:1000:", "trailing ':'")]:
        b.add(P1, "%s$saltsaltsaltsalt$%s" % (method, hexval), None, note)
    werkzeug_common_mutations(b, P1, p1, "pbkdf2:sha256:1000")
    for other in ("PBKDF2:sha256:1000", "pbkdf2_sha256:1000", "pbkdf2-sha256:1000", "pbkdf:sha256:1000", "scrypt:1024:8:1"):
        b.add(P1, "%s$saltsaltsaltsalt$%s" % (other, hexval), None, "method %r" % other)


def gen_werkzeug_scrypt(b: Builder):
    rng = b.rng
    formats = [
        ("§8 P1 scrypt:1024:8:1", P1, "scrypt:1024:8:1$saltsaltsaltsalt$0553112aa7625588a428068f475c2e72c2942afc384ee3cb91d118b684876ace4b6c4f09006a03e7db0fb5dc05fff1ce3112cd6fbbb2e2d9c77b01066a6d275c"),
        ("§8 P2 scrypt:1024:8:1", P2, "scrypt:1024:8:1$saltsaltsaltsalt$b95c6bf6938be4d9ac0c75dfc51221a2bdc384ca0da1c6697c113b0590e83a37cd3177e30d828ad8bfb49777cfd8f35c39a3a6fca9fc96d9e09b7d8d0050c04e"),
        ("§8 P3 scrypt:1024:8:1", P3, "scrypt:1024:8:1$saltsaltsaltsalt$41c321ff67a082d962547e14ef32a7d85b3b756b398d278b1ef16dfcd142d785276f50797f854d3e6de344f45f64c19675ba671e22313887fe8aef31ce3c1975"),
    ]
    for note, pw, h in formats:
        b.add(pw, h, "edge", "FORMATS " + note, doc="true")
    p1 = formats[0][2]

    def random_params():
        while True:
            n = 2 ** rng.randint(2, 10)
            r = rng.choice((8, 8, 8, 1, 2, 4, rng.randint(1, 8)))
            p = rng.choice((1, 1, 1, 2, 3))
            if n * r <= 8192 and werkzeug_scrypt_problem(n, r, p) is None:
                return n, r, p

    for _ in range(120):
        n, r, p = random_params()
        pw = random_password(rng, allow_nul=True)
        salt = werkzeug_salt(rng)
        b.add_pair(pw, werkzeug_make("scrypt:%d:%d:%d" % (n, r, p), salt, pw),
                   "scrypt:%d:%d:%d, %d-char salt, %s" % (n, r, p, len(salt), describe_password(pw)))
    for pw, what in [(b"", "empty password"), (b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"), (P2, "P2"),
                     (b"\xff\xfe\x80", "invalid UTF-8 (hashed as the bytes given)"), (b"x" * 4096, "4096-byte password")]:
        h = werkzeug_make("scrypt:128:8:1", werkzeug_salt(rng), pw)
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", what + ": " + how)
    werkzeug_password_limit_case(b, b"x" * 4097, werkzeug_make("scrypt:128:8:1", "s", b"x" * 4097),
                                 "4097-byte password (Werkzeug has no limit)")

    # -- Werkzeug's maxmem rules (FORMATS.md §5.2): at the edges, either side
    for params, what in [("128:8:1", "N=128 at r=8, p=1: the least Werkzeug verifies"), ("64:8:1", "N=64 at r=8, p=1"),
                         ("16:8:1", "N=16 at r=8, p=1"), ("128:1:1", "N=128, r=1, p=1"), ("64:1:1", "N=64, r=1, p=1"),
                         ("4:1:2", "N=4, r=1, p=2"), ("2:1:2", "N=2, r=1, p=2"), ("2:1:3", "N=2, r=1, p=3"),
                         ("32768:1:1", "N=2^15 at r=1 (below 2^16r)"), ("65536:1:1", "N=2^16 at r=1 (not below 2^16r)"),
                         ("2:8:1", "N=2 at r=8"), ("1024:8:2", "p=2"), ("2048:1:1", "r=1"),
                         ("2097152:8:1", "132 N r p over INT_MAX"), ("16384:1024:1", "N r over the maxmem INT_MAX"),
                         ("1:8:1", "N=1"), ("0:8:1", "N=0"), ("1000:8:1", "N not a power of 2"),
                         ("1024:0:1", "r=0"), ("1024:8:0", "p=0"), ("1024:-8:1", "r=-8"), ("-1024:8:1", "N=-1024"),
                         ("01024:08:01", "zero-padded (int() accepts)"), ("4294967296:8:1", "N=2^32"),
                         ("1024:8:2147483648", "p=2^31")]:
        h = "scrypt:%s$saltsaltsaltsalt$%s" % (params, p1.split("$")[2])
        b.add(P1, h, None, "scrypt:%s: %s" % (params, what))
        try:
            b.add(P1, werkzeug_make("scrypt:" + params, "saltsaltsaltsalt", P1), None,
                  "scrypt:%s: %s, its own hash" % (params, what))
        except Exception:
            pass  # Werkzeug cannot make it either
    b.add(P1, p1.replace("scrypt:1024:8:1", "scrypt:1024:8:2"), "edge", "p changed: no match")
    b.add(P1, p1.replace("scrypt:1024:8:1", "scrypt:2048:8:1"), "edge", "N changed: no match")

    # -- deviations and malformed
    hexval = p1.split("$")[2]
    for h, note in [("scrypt$saltsaltsaltsalt$" + hexval, "bare scrypt (Werkzeug's 32768:8:1)"),
                    (werkzeug_make("scrypt", "saltsaltsaltsalt", P1), "bare scrypt, its own hash"),
                    (p1.replace("1024:8:1", "+1024:8:1"), "N '+1024'"), (p1.replace("1024:8:1", "1024: 8:1"), "r ' 8'"),
                    (p1.replace("1024:8:1", "1_024:8:1"), "N '1_024'"), (p1.replace("1024:8:1", "1024:8:1 "), "p '1 '"),
                    ("scrypt:1024:8:1", "no '$' at all (Werkzeug: False)"),
                    ("scrypt:1024:8:1$" + hexval, "one '$' (Werkzeug: False)")]:
        b.add(P1, h, None, note)
        b.add(b"wrong", h, None, note + ", wrong password")
    for params, note in [("1024:8", "two arguments"), ("1024:8:1:1", "four arguments"), ("1024", "one argument"),
                         ("1024:8:", "empty p"), (":8:1", "empty N"), ("a:8:1", "N not a number"), ("1e3:8:1", "N 1e3"),
                         ("1024:8:1.0", "p 1.0"), ("١٠٢٤:8:1", "N in Arabic-Indic digits"), ("0x400:8:1", "N in hex")]:
        b.add(P1, "scrypt:%s$saltsaltsaltsalt$%s" % (params, hexval), None, note)
    werkzeug_common_mutations(b, P1, p1, "scrypt:1024:8:1")
    for other in ("SCRYPT:1024:8:1", "scrypt-1024:8:1", "$scrypt$ln=10,r=8,p=1", "pbkdf2:sha256:1000"):
        b.add(P1, "%s$saltsaltsaltsalt$%s" % (other, hexval), None, "method %r" % other)


def werkzeug_backend(handler: WerkzeugHandler) -> Callable[[], str]:
    def backend() -> str:
        if handler.disagreements:
            raise RuntimeError("; ".join(handler.disagreements[:5]))
        real = ("werkzeug %s check_password_hash agreed on the %d cases it can check (pbkdf2 with both arguments "
                "and a non-empty salt, or fewer than two '$'; a UTF-8 password)"
                % (werkzeug.__version__, handler.checked_by_werkzeug)
                if werkzeug is not None else "werkzeug not installed: nothing cross-checked")
        return "hashlib model of Werkzeug 3.1's check_password_hash (FORMATS.md \u00a75.2); " + real
    return backend


WERKZEUG_SCHEMES = [
    Scheme("werkzeug_pbkdf2", WERKZEUG_PBKDF2_HANDLER, werkzeug_backend(WERKZEUG_PBKDF2_HANDLER), gen_werkzeug_pbkdf2,
           werkzeug_strict("pbkdf2"), WERKZEUG_DEVIATIONS),
    Scheme("werkzeug_scrypt", WERKZEUG_SCRYPT_HANDLER, werkzeug_backend(WERKZEUG_SCRYPT_HANDLER), gen_werkzeug_scrypt,
           werkzeug_strict("scrypt"), WERKZEUG_DEVIATIONS),
]


# --------------------------------------------------------------------------------------------
# legacy: md5_crypt / apr_md5_crypt (FORMATS.md §4.2), phpass (§5.4), LDAP (§5.3)
# --------------------------------------------------------------------------------------------

from passlib.hash import apr_md5_crypt, md5_crypt, phpass  # noqa: E402  (kept in this section)
from passlib.hash import (ldap_bcrypt, ldap_bsdi_crypt, ldap_des_crypt, ldap_md5, ldap_md5_crypt,  # noqa: E402
                          ldap_pbkdf2_sha1, ldap_pbkdf2_sha256, ldap_pbkdf2_sha512, ldap_salted_md5,
                          ldap_salted_sha1, ldap_salted_sha256, ldap_salted_sha512, ldap_sha1, ldap_sha1_crypt,
                          ldap_sha256_crypt, ldap_sha512_crypt)
import base64  # noqa: E402

LEGACY_BAD_CHARS = ("+", "=", "-", "_", "!", "*", ":", ";", " ", "\t", "\n", "\x00", ",", "\\", "$", "{", "é")


def no_nul(pw: bytes) -> bool:
    return b"\x00" not in pw


def legacy_specials(rng: random.Random, allow_nul: bool):
    """Password edge cases: empty, non-ASCII, invalid UTF-8, lengths around MD5/SHA block sizes."""
    out = [
        (b"", "empty password"), (b"a", "1-byte password"),
        ("é".encode(), "é"), ("€".encode(), "€"), ("🔑".encode(), "emoji"), ("漢字パスワード".encode(), "CJK"),
        (b"\x80", "lone continuation byte 0x80"), (b"\xff", "byte 0xff"),
        (b"\xff\xfe\x80\xc0", "invalid UTF-8 run"), (b"\xc3", "truncated UTF-8 sequence"),
        (b" password ", "surrounding spaces are significant"), (b"password\n", "trailing newline is significant"),
    ]
    if allow_nul:
        out += [(b"\x00", "single NUL"), (b"pass\x00word", "NUL inside"), (b"password\x00", "trailing NUL")]
    lo = 0 if allow_nul else 1
    for n in (15, 16, 17, 31, 32, 33, 55, 56, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 1000):
        out.append((bytes(rng.randrange(lo, 256) for _ in range(n)), "%d-byte password" % n))
    return out


def add_long_password_cases(b: Builder, make, nul_ok: bool):
    lo = 0 if nul_ok else 1
    long_pw = bytes(b.rng.randrange(lo, 256) for _ in range(4096))
    h = make(long_pw)
    b.add(long_pw, h, "edge", "4096-byte password (the maximum): match")
    b.add(long_pw[:-1], h, "edge", "4095-byte prefix of it: no match")
    b.add(long_pw + b"x", h, "edge", "4097 bytes: PasswordSizeError")


def common_text_mutations(base: str, prefix: str):
    """Mutations every format shares: framing, whitespace, case of the prefix, non-ASCII."""
    return [
        ("", "empty string"), (prefix, "prefix only"), (prefix[:-1], "prefix without its last char"),
        (" " + base, "leading space"), ("\t" + base, "leading tab"), ("\n" + base, "leading newline"),
        (base + " ", "trailing space"), (base + "\n", "trailing newline"), (base + "\r\n", "trailing CRLF"),
        (base + "\n\n", "two trailing newlines"), (base + "\x00", "trailing NUL"), (base + "é", "trailing é (non-ASCII)"),
        (prefix.lower() + base[len(prefix):], "prefix in lower case"),
        (prefix.upper() + base[len(prefix):], "prefix in upper case"),
        (base[1:], "first char of the prefix missing"),
    ]


# ---- md5_crypt / apr_md5_crypt

MD5_CRYPT_IDENTS = {"md5_crypt": "$1$", "apr_md5_crypt": "$apr1$"}


def md5_crypt_strict(ident: str):
    """Model of pwcheck's md5-crypt parser: None if it accepts the hash syntax, else a reason id."""
    def strict(hash_text: str) -> Optional[str]:
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(ident):
            return "prefix"
        parts = hash_text[len(ident):].split("$")
        if len(parts) == 1 or (len(parts) == 2 and not parts[1]):
            return "missing-checksum"
        if len(parts) != 2:
            return "field-count"
        salt, chk = parts
        if len(salt) > 8:
            return "salt-too-long"
        if any(c not in HASH64_CHARS for c in salt):
            return "salt-chars"
        if len(chk) != 22:
            return "checksum-size"
        if any(c not in HASH64_CHARS for c in chk):
            return "checksum-chars"
        return None
    return strict


FORMATS_MD5_CRYPT = {
    "md5_crypt": [
        ("§8 P1 8-char salt", P1, "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "true"),
        ("§8 P2 8-char salt", P2, "$1$saltsalt$jr6C21BY3KrxNgTmzqqw.0", "true"),
        ("§8 P3 8-char salt", P3, "$1$saltsalt$5Jhcit4zN9UlGiA0txPkO0", "true"),
        ("§8 P1 empty salt", P1, "$1$$I2o9Z7NcvQAKp7wyCTlia0", "true"),
        ("§9 9-char salt", P1, "$1$saltsalts$qjXMvbEw8oaL.CzflDtaK/", "error:ValueError"),
    ],
    "apr_md5_crypt": [
        ("§8 P1 8-char salt", P1, "$apr1$saltsalt$yAAkm4libquA.ZWLHbSBq/", "true"),
        ("§8 P2 8-char salt", P2, "$apr1$saltsalt$MAk9/95hB1AhjRjs2jZEz0", "true"),
        ("§8 P3 8-char salt", P3, "$apr1$saltsalt$a8ml/vK5HEjiZ5oypDWA7/", "true"),
    ],
}


def gen_md5_crypt(b: Builder):
    ident = MD5_CRYPT_IDENTS[b.scheme.name]
    other = "$apr1$" if ident == "$1$" else "$1$"
    rng = b.rng

    def make(pw: bytes, salt: str) -> str:
        return b.handler.using(salt=salt).hash(pw)

    for note, pw, h, doc in FORMATS_MD5_CRYPT[b.scheme.name]:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = FORMATS_MD5_CRYPT[b.scheme.name][0][2]

    # -- random well-formed hashes, salts of 0..8 chars
    for _ in range(150):
        pw = random_password(rng, allow_nul=False, max_len=rng.choice((40, 40, 40, 200)))
        salt = sha_crypt_salt(rng, rng.randint(0, 8))
        b.add_pair(pw, make(pw, salt), "%s, %d-char salt" % (describe_password(pw), len(salt)), allowed=no_nul)
    for pw, what in legacy_specials(rng, allow_nul=False):
        h = make(pw, sha_crypt_salt(rng, 8))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h, no_nul)
        b.add(wrong, h, "wrong_password", "%s: %s" % (what, how))
    add_long_password_cases(b, lambda pw: make(pw, sha_crypt_salt(rng, 8)), nul_ok=False)
    b.add(b"x" * 4097, ident, "edge", "4097-byte password with a malformed hash: the size check comes first")
    for n in range(9):
        pw = random_password(rng, allow_nul=False)
        b.add(pw, make(pw, sha_crypt_salt(rng, n)), "edge", "%d-char salt: match" % n)
    # a 9-char salt is an error; libxcrypt would truncate it to 8
    salt9 = sha_crypt_salt(rng, 9)
    h8 = make(P1, salt9[:8])
    b.add(P1, h8.replace(salt9[:8], salt9, 1), "edge", "9-char salt with the checksum of its first 8: ValueError")
    # the two idents hash differently: the same salt and checksum under the other ident is no match
    b.add(P1, other + p1_hash[len(ident):], "edge", "the other ident (%s) over this checksum: no match" % other)

    # -- checksum compared as text: every last character
    for ch in HASH64_CHARS:
        b.add(P1, p1_hash[:-1] + ch, None, "checksum last char %r (canonical %r)" % (ch, p1_hash[-1]))

    # -- NUL: refused after the hash is parsed
    for pw, what in [(b"\x00", "single NUL"), (b"password\x00", "trailing NUL"), (b"\x00password", "leading NUL"),
                     (b"pass\x00word", "NUL inside"), (b"\xff\x00\xfe", "NUL in a non-UTF-8 password")]:
        b.add(pw, p1_hash, "edge", "%s: refused" % what)
    b.add(b"pass\x00word", p1_hash[:-1], "edge", "NUL password with a truncated hash: the hash error comes first")
    b.add(b"pass\x00word", ident + "saltsalt", "edge", "NUL password with a config string: the hash error comes first")

    # -- mutations
    pw = random_password(rng, allow_nul=False)
    for pw, base in [(P1, p1_hash), (pw, make(pw, sha_crypt_salt(rng, 8))), (P1, make(P1, ""))]:
        salt, chk = base[len(ident):].split("$")

        def h(s=salt, c=chk, i=ident):
            return "%s%s$%s" % (i, s, c)

        out = common_text_mutations(base, ident) + [
            (ident + "$", "ident and '$'"), (h(c=""), "empty checksum (config string with '$')"),
            (ident + salt, "config string: salt without checksum"),
            (h(c=chk[:-1]), "checksum one char short"), (h(c=chk + "."), "checksum one char long"),
            (h(c=chk + chk), "checksum doubled"), (h(c=chk.swapcase()), "checksum case-swapped"),
            (h(c=chk[::-1]), "checksum reversed"), (h() + "$", "trailing '$'"), (h() + "$" + chk, "extra field"),
            (ident + "$" + salt + "$" + chk, "empty field after the ident"),
            (ident[:-1] + salt + "$" + chk, "ident without its trailing '$'"),
            (h(s=(salt * 3 + "abcdefghij")[:9]), "9-char salt"), (h(s=(salt * 3 + "abcdefghijklmnop")[:16]), "16-char salt"),
            (h(s=""), "empty salt with another salt's checksum (no match)"),
            (h(s="rounds=1000$" + salt), "a rounds= field (not md5-crypt)"),
            (h(i="$5$"), "sha256_crypt ident"), (h(i="$md5$"), "Sun MD5 ident"),
        ]
        for ch in LEGACY_BAD_CHARS:
            if salt:
                i = rng.randrange(len(salt))
                out.append((h(s=set_char(salt, i, ch)), "salt char %d replaced by %r" % (i, ch)))
            j = rng.randrange(len(chk))
            out.append((h(c=set_char(chk, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
        for m, note in out:
            b.add(pw, m, None, note)


def md5_crypt_backend() -> str:
    return "%s (libxcrypt), builtin for non-UTF-8 passwords" % md5_crypt.get_backend()


# ---- phpass

PHPASS_MAX_TESTED_ROUNDS = 16  # passlib's phpass is a Python loop: 2^16 MD5s take ~0.05 s


def phpass_strict(hash_text: str) -> Optional[str]:
    """Model of pwcheck's phpass parser: None if it accepts the hash syntax, else a reason id."""
    if not hash_text.isascii():
        return "non-ascii"
    if not (hash_text.startswith("$P$") or hash_text.startswith("$H$")):
        return "prefix"
    rest = hash_text[3:]
    if not rest:
        return "empty"
    rounds = HASH64_CHARS.find(rest[0])
    if rounds < 0:
        return "rounds-char"
    if not 7 <= rounds <= 30:
        return "rounds-range"
    salt, chk = rest[1:9], rest[9:]
    if len(salt) != 8:
        return "salt-size"
    if any(c not in HASH64_CHARS for c in salt):
        return "salt-chars"
    if not chk:
        return "missing-checksum"
    if any(c not in HASH64_CHARS for c in chk):
        return "checksum-chars"
    if rounds > 24:
        return "cost-over-limit"  # pwcheck's max_phpass_rounds
    return None


FORMATS_PHPASS = [
    ("§8 P1 $P$ rounds=7", P1, "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "true"),
    ("§8 P2 $P$ rounds=7", P2, "$P$5saltsaltoR.rmiKTG7PunliICst.D.", "true"),
    ("§8 P3 $P$ rounds=7", P3, "$P$5saltsalt/VyEB6TNW7sFL3r0f4uQ31", "true"),
    ("§8 P1 $H$ rounds=8", P1, "$H$6saltsaltRxaFvRrkynTitytVBZApo0", "true"),
    ("§9 '$P$' only", P1, "$P$", "error:IndexError"),
    ("§9 further: rounds char '4' (6)", P1, "$P$4saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "error:ValueError"),
    ("§9 further: rounds char 'T' (31)", P1, "$P$Tsaltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "error:ValueError"),
    ("§9 further: salt incomplete", P1, "$P$5saltsa", "error:ValueError"),
    ("§9 further: nothing after the salt", P1, "$P$5saltsalt", "error:ValueError"),
    ("§9 further: one salt char dropped", P1, "$P$5saltsal.dw5Zgkxy7Q/ZvpQhE5iw0", "false"),
    ("§9 further: an extra checksum char", P1, "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0.", "false"),
    ("§9 further: a checksum char missing", P1, "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw", "false"),
]


def gen_phpass(b: Builder):
    rng = b.rng

    def make(pw: bytes, rounds: int, salt: str, ident: str = "P") -> str:
        return b.handler.using(rounds=rounds, salt=salt, ident=ident).hash(pw)

    for note, pw, h, doc in FORMATS_PHPASS:
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = FORMATS_PHPASS[0][2]

    for i in range(150):
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 40, 200)))
        rounds = rng.choice((7, 7, 7, 8, 8, 9, 10))
        ident = "H" if i % 3 == 0 else "P"
        b.add_pair(pw, make(pw, rounds, sha_crypt_salt(rng, 8), ident),
                   "%s, $%s$ rounds=%d" % (describe_password(pw), ident, rounds))
    for pw, what in legacy_specials(rng, allow_nul=True):
        h = make(pw, 7, sha_crypt_salt(rng, 8))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", "%s: %s" % (what, how))
    add_long_password_cases(b, lambda pw: make(pw, 7, sha_crypt_salt(rng, 8)), nul_ok=True)
    b.add(b"x" * 4097, "$P$", "edge", "4097-byte password with a malformed hash: the size check comes first")
    # NUL is hashed, not refused: a password and the same with a NUL appended differ
    h = make(b"pass\x00word", 7, "saltsalt")
    b.add(b"pass\x00word", h, "edge", "NUL inside the password: hashed like any byte")
    b.add(b"pass", h, "edge", "the part before the NUL: no match")
    # every accepted rounds char up to what passlib computes quickly
    salt = sha_crypt_salt(rng, 8)
    for r in range(7, PHPASS_MAX_TESTED_ROUNDS + 1):
        b.add(P1, make(P1, r, salt), "edge", "rounds=%d (%r): match" % (r, HASH64_CHARS[r]))
    # $P$ and $H$ are the same algorithm: swapping the ident keeps the match
    h = make(P1, 7, salt)
    b.add(P1, "$H$" + h[3:], "edge", "$P$ hash under $H$: the same algorithm, match")
    # the rounds char of another value over the same checksum
    b.add(P1, h[:3] + "6" + h[4:], "edge", "rounds 8 over a rounds-7 checksum: no match")
    # checksum compared as text, length not checked
    for ch in HASH64_CHARS:
        b.add(P1, p1_hash[:-1] + ch, None, "checksum last char %r (canonical %r)" % (ch, p1_hash[-1]))
    chk = p1_hash[12:]
    for n in (1, 2, 10, 21, 23, 30, 44):
        b.add(P1, p1_hash[:12] + (chk * 3)[:n], None, "checksum of %d chars: compared as text, no match" % n)

    # -- mutations (none with rounds over 16 that parse: passlib would compute for minutes)
    for pw, base in [(P1, p1_hash), (P1, FORMATS_PHPASS[3][2])]:
        ident, rc, salt, chk = base[:3], base[3], base[4:12], base[12:]

        def h(i=ident, r=rc, s=salt, c=chk):
            return i + r + s + c

        out = common_text_mutations(base, ident) + [
            (ident + rc, "rounds char only"), (ident + rc + salt[:7], "7-char salt, nothing else"),
            (ident + rc + salt, "salt without checksum"), (h(c=chk[:-1]), "checksum one char short"),
            (h(c=chk + "."), "checksum one char long"), (h(c=chk.swapcase()), "checksum case-swapped"),
            (h(i="$p$"), "ident $p$"), (h(i="$h$"), "ident $h$"), (h(i="$Q$"), "ident $Q$"),
            (h(i="$P"), "ident without its trailing '$'"), (h(s=salt[:7]), "salt one char short (shifts the checksum)"),
            (h() + "$", "trailing '$'"), (h(s=salt[:4] + "$" + salt[5:]), "'$' in the salt"),
        ]
        for r in ("4", "0", ".", "/", "T", "z", "$", "é", " "):
            out.append((h(r=r), "rounds char %r" % r))
        for ch in LEGACY_BAD_CHARS:
            i = rng.randrange(len(salt))
            out.append((h(s=set_char(salt, i, ch)), "salt char %d replaced by %r" % (i, ch)))
            j = rng.randrange(len(chk))
            out.append((h(c=set_char(chk, j, ch)), "checksum char %d replaced by %r" % (j, ch)))
        # rounds over pwcheck's limit with a malformed salt: the hash error comes first (never computed)
        out.append((h(r="S", s=salt[:7] + "!"), "rounds 30 with a bad salt char"))
        for m, note in out:
            b.add(pw, m, None, note)


def phpass_backend() -> str:
    return "passlib builtin"


# ---- LDAP digests: {MD5}, {SHA}, {SMD5}, {SSHA}, {SSHA256}, {SSHA512}

# scheme -> (prefix, hashlib name, digest size, salted, regex minimum chars, default salt size)
LDAP_DIGESTS = {
    "ldap_md5": ("{MD5}", "md5", 16, False, 0, 0),
    "ldap_sha1": ("{SHA}", "sha1", 20, False, 0, 0),
    "ldap_salted_md5": ("{SMD5}", "md5", 16, True, 27, 4),
    "ldap_salted_sha1": ("{SSHA}", "sha1", 20, True, 32, 4),
    "ldap_salted_sha256": ("{SSHA256}", "sha256", 32, True, 48, 8),
    "ldap_salted_sha512": ("{SSHA512}", "sha512", 64, True, 91, 8),
}
LDAP_DIGEST_DEVIATIONS = ("ldap-base64-padding",)
STD_B64_DATA = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def ldap_digest_strict(name: str):
    prefix, _, dsize, salted, min_chars, _ = LDAP_DIGESTS[name]

    def strict(hash_text: str) -> Optional[str]:
        """Model of pwcheck's LDAP digest parser."""
        if not hash_text.isascii():
            return "non-ascii"
        if not hash_text.startswith(prefix):
            return "prefix"
        rest = hash_text[len(prefix):]
        if not salted:
            # only the characters are checked; the text is compared as it is
            return None if all(c in STD_B64_DATA or c == "=" for c in rest) else "checksum-chars"
        if rest.endswith("\n"):
            rest = rest[:-1]  # Python's '$' matches before one final newline; pwcheck accepts it too
        data = len(rest) - len(rest.lstrip("".join(sorted(STD_B64_DATA))))
        pad = rest[data:]
        if pad.strip("=") or len(pad) > 2:
            return "chars"
        if data < min_chars:
            return "too-short"
        if data % 4 == 1:
            return "b64-length"
        need = (4 - data % 4) % 4
        if len(pad) < need:
            return "padding-missing"
        if len(pad) > need:
            return "ldap-base64-padding"  # Python's b64decode skips the extra '='
        salt_size = data * 3 // 4 - dsize
        if not 4 <= salt_size <= 16:
            return "salt-size"
        return None
    return strict


def ldap_digest_make(name: str, pw: bytes, salt: bytes = b"") -> str:
    """The hash built without passlib (for salts passlib refuses to make), non-canonical bits allowed."""
    prefix, hname, _, salted, _, _ = LDAP_DIGESTS[name]
    if not salted:
        return prefix + base64.b64encode(hashlib.new(hname, pw).digest()).decode()
    return prefix + base64.b64encode(hashlib.new(hname, pw + salt).digest() + salt).decode()


FORMATS_LDAP = {
    "ldap_salted_sha1": [
        ("§8 P1 4-byte salt", P1, "{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0", "true"),
        ("§8 P2 4-byte salt", P2, "{SSHA}dTXLMKnWmZyuI4ovkm4h9k6Iu9tzYWx0", "true"),
        ("§8 P3 4-byte salt", P3, "{SSHA}spXRFxNal2PaKC59rnOlyn0+WxFzYWx0", "true"),
        ("§8 P1 16-byte salt", P1, "{SSHA}8ggWUdxQhCme2y/Ih/08PayjHVMwMTIzNDU2Nzg5YWJjZGVm", "true"),
        ("§9 5-byte salt canonical", P1, "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==", "true"),
        ("§9 padding stripped", P1, "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ", "error:binascii.Error"),
        ("§9 trailing newline", P1, "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==\n", "true"),
        ("§9 {ssha} lower-case", P1, "{ssha}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==", "error:ValueError"),
    ],
    "ldap_sha1": [
        ("§8 P1", P1, "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "true"),
        ("§8 P2", P2, "{SHA}SYhT7zAd26vOugF3eSfbUaCthL0=", "true"),
        ("§8 P3", P3, "{SHA}2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "true"),
        ("§9 {SHA} without '=' pad", P1, "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g", "false"),
        ("§9 further: {SHA} followed by nothing", P1, "{SHA}", "false"),
        ("§9 further: {SHA} followed by base64 garbage", P1, "{SHA}AAAAbbbbCCCC", "false"),
        ("§9 further: {SHA}...\\n", P1, "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n", "error:ValueError"),
    ],
}


def gen_ldap_digest(b: Builder):
    name = b.scheme.name
    prefix, hname, dsize, salted, min_chars, default_salt = LDAP_DIGESTS[name]
    rng = b.rng

    def make(pw: bytes, salt: bytes = b"") -> str:
        return b.handler.using(salt=salt).hash(pw) if salted else b.handler.hash(pw)

    def rand_salt(n=None) -> bytes:
        return bytes(rng.randrange(256) for _ in range(rng.randint(4, 16) if n is None else n))

    for note, pw, h, doc in FORMATS_LDAP.get(name, []):
        b.add(pw, h, "edge", "FORMATS " + note, doc=doc)
    p1_hash = make(P1, b"salt" * (default_salt // 4)) if salted else make(P1)
    b.add(P1, p1_hash, "edge", "P1, passlib's default salt size" if salted else "P1")

    for _ in range(150):
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 40, 200)))
        if salted:
            salt = rand_salt()
            b.add_pair(pw, make(pw, salt), "%s, %d-byte salt" % (describe_password(pw), len(salt)))
        else:
            b.add_pair(pw, make(pw), describe_password(pw))
    for pw, what in legacy_specials(rng, allow_nul=True):
        h = make(pw, rand_salt()) if salted else make(pw)
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", "%s: %s" % (what, how))
    add_long_password_cases(b, lambda pw: make(pw, rand_salt()) if salted else make(pw), nul_ok=True)
    b.add(b"x" * 4097, prefix + "!", "edge", "4097-byte password with a malformed hash: the size check comes first")

    data = p1_hash[len(prefix):]
    if salted:
        # every salt size, and sizes passlib refuses (built by hand)
        for n in range(4, 17):
            pw = random_password(rng, allow_nul=True)
            b.add(pw, make(pw, rand_salt(n)), "edge", "%d-byte salt: match" % n)
        for n in (0, 1, 2, 3, 17, 18, 24, 32):
            b.add(P1, ldap_digest_make(name, P1, rand_salt(n)), None, "%d-byte salt (built by hand)" % n)
        # unused bits of the last base64 char are ignored (compared as decoded bytes)
        for n in (4, 5, 6, 7, 8):
            salt = rand_salt(n)
            h = ldap_digest_make(name, P1, salt).rstrip("=")
            pad = "=" * (len(ldap_digest_make(name, P1, salt)) - len(h))
            last = h[-1]
            v = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".index(last)
            spare = 0b1111 if pad == "==" else (0b11 if pad == "=" else 0)
            if spare:
                alt = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[v | spare]
                b.add(P1, h[:-1] + alt + pad, "edge", "%d-byte salt, unused bits of the last char set: match" % n)
        # padding: stripped, extra, in the wrong place
        for n in (4, 5, 6):
            full = ldap_digest_make(name, P1, rand_salt(n))
            core = full.rstrip("=")
            npad = len(full) - len(core)
            b.add(P1, full, "edge", "%d-byte salt, %d '=': match" % (n, npad))
            for k in range(0, 4):
                if k != npad:
                    b.add(P1, core + "=" * k, None, "%d-byte salt with %d '=' instead of %d" % (n, k, npad))
            b.add(P1, full + "\n", None, "%d-byte salt, one trailing newline" % n)
            b.add(P1, core + "\n", None, "%d-byte salt, padding stripped, trailing newline" % n)
            b.add(P1, full + "=\n", None, "%d-byte salt, an extra '=' and a newline" % n)
        # the URL-safe alphabet
        h = ldap_digest_make(name, P1, bytes([0xfb, 0xff, 0xbf, 0xfe, 0x3e]))
        b.add(P1, h, "edge", "salt whose base64 has '+' and '/': match")
        b.add(P1, h.replace("+", "-").replace("/", "_"), None, "the same in the URL-safe alphabet")
        # truncated below the regex minimum
        b.add(P1, prefix + data[:min_chars - 1], None, "%d data chars (the regex needs %d)" % (min_chars - 1, min_chars))
    else:
        # compared as text: every variant of the canonical string is no match, never an error
        b.add(P1, p1_hash.rstrip("="), None, "padding stripped: compared as text")
        b.add(P1, p1_hash + "=", None, "an extra '=': compared as text")
        b.add(P1, p1_hash + "A", None, "an extra char: compared as text")
        b.add(P1, p1_hash[:-3] + p1_hash[-1:], None, "a char missing")
        core = p1_hash.rstrip("=")
        for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/":
            b.add(P1, core[:-1] + ch + p1_hash[len(core):], None, "last data char %r (canonical %r)" % (ch, core[-1]))
        b.add(P1, prefix + base64.b64encode(hashlib.new(hname, P1).digest() * 2).decode(), None,
              "the digest twice: compared as text")
        b.add(P1, prefix + base64.b64encode(hashlib.new(hname, P1).hexdigest().encode()).decode(), None,
              "base64 of the hex digest")
        b.add(P1, prefix + hashlib.new(hname, P1).hexdigest(), None, "hex digest instead of base64")
        b.add(P1, prefix + "=" * 28, None, "all '='")
        b.add(P1, p1_hash + "\n", None, "trailing newline: outside the charset")

    # -- mutations
    out = common_text_mutations(p1_hash, prefix) + [
        (p1_hash.replace(prefix, prefix + " ", 1), "space after the prefix"),
        (prefix + "$" + data, "'$' after the prefix"),
        (prefix + data.swapcase(), "data case-swapped"),
        (prefix + data[::-1], "data reversed"),
        ("{" + prefix + "}" + data, "prefix in double braces"),
        (prefix[1:] + data, "prefix without its '{'"),
        (prefix.replace("}", "") + data, "prefix without its '}'"),
        ("{CRYPT}" + p1_hash, "{CRYPT} in front"),
    ]
    for other in ("{MD5}", "{SHA}", "{SMD5}", "{SSHA}", "{SSHA256}", "{SSHA512}", "{SHA256}", "{SHA512}"):
        if other != prefix:
            out.append((other + data, "the data under %s" % other))
    for ch in LEGACY_BAD_CHARS + (".", "#", "%"):
        j = rng.randrange(len(data.rstrip("=")))
        out.append((prefix + set_char(data, j, ch), "data char %d replaced by %r" % (j, ch)))
    for m, note in out:
        b.add(P1, m, None, note)


def ldap_backend() -> str:
    return "hashlib"


# ---- {PBKDF2}, {PBKDF2-SHA256}, {PBKDF2-SHA512}: pbkdf2 after the prefix

# ldap scheme -> (inner scheme, prefix)
LDAP_PBKDF2 = {
    "ldap_pbkdf2_sha1": ("pbkdf2_sha1", "{PBKDF2}"),
    "ldap_pbkdf2_sha256": ("pbkdf2_sha256", "{PBKDF2-SHA256}"),
    "ldap_pbkdf2_sha512": ("pbkdf2_sha512", "{PBKDF2-SHA512}"),
}


def ldap_pbkdf2_strict(name: str):
    inner, prefix = LDAP_PBKDF2[name]
    ident, dsize = PBKDF2_PARAMS[inner][1], PBKDF2_PARAMS[inner][2]
    inner_strict = pbkdf2_strict(ident, dsize)

    def strict(hash_text: str) -> Optional[str]:
        """pwcheck reads the body with its pbkdf2 parser (passlib's PrefixWrapper does the same)."""
        if not hash_text.startswith(prefix):
            return "prefix"
        return inner_strict(ident + hash_text[len(prefix):])
    return strict


def gen_ldap_pbkdf2(b: Builder):
    inner, prefix = LDAP_PBKDF2[b.scheme.name]
    digest, ident, dsize, block = PBKDF2_PARAMS[inner]
    rng = b.rng

    def make(pw: bytes, rounds: int, salt: bytes) -> str:
        return b.handler.using(rounds=rounds, salt=salt).hash(pw)

    def to_ldap(h: str) -> str:
        return prefix + h[len(ident):] if h.startswith(ident) else h

    # FORMATS §8's pbkdf2 vectors under the LDAP prefix
    for note, pw, h, doc in FORMATS_PBKDF2[inner]:
        b.add(pw, to_ldap(h), "edge", "FORMATS %s, under %s" % (note, prefix), doc=doc)
    p1_hash = to_ldap(FORMATS_PBKDF2[inner][0][2])

    for _ in range(150):
        pw = random_password(rng, allow_nul=True, max_len=rng.choice((40, 40, 40, 200)))
        rounds = rng.randint(1, 3000)
        salt = bytes(rng.randrange(256) for _ in range(rng.choice((0, 4, 16, 16, rng.randint(0, 64)))))
        b.add_pair(pw, make(pw, rounds, salt), "%s, rounds=%d, %d-byte salt" % (describe_password(pw), rounds, len(salt)))
    for pw, what in legacy_specials(rng, allow_nul=True)[:12]:
        h = make(pw, 1000, bytes(16))
        b.add(pw, h, "edge", what + ": match")
        wrong, how = b.near_miss(pw, h)
        b.add(wrong, h, "wrong_password", "%s: %s" % (what, how))
    # the same hash under the plain pbkdf2 ident is not this row's; under the other LDAP prefixes: other digests
    for other_name, (other_inner, other_prefix) in LDAP_PBKDF2.items():
        if other_prefix != prefix:
            b.add(P1, other_prefix + p1_hash[len(prefix):], None, "under %s (another digest)" % other_prefix)
    b.add(P1, p1_hash.replace(prefix, prefix.lower(), 1), None, "prefix in lower case")
    b.add(P1, "{CRYPT}" + FORMATS_PBKDF2[inner][0][2], None, "{CRYPT} over the plain pbkdf2 hash")
    # the pbkdf2 mutations, under the LDAP prefix
    for pw, base in [(P1, FORMATS_PBKDF2[inner][0][2]), (P1, make(P1, 1234, bytes(range(16))))]:
        for h, note in pbkdf2_mutations(ident, base, rng):
            if h.startswith(ident):
                b.add(pw, to_ldap(h), None, note)


# ---- {CRYPT} + a crypt hash: one row, passlib's ldap_<crypt> handlers

class LdapCryptDispatch:
    """passlib's ldap_*_crypt handlers as a CryptContext would use them: the first that identifies the hash."""
    handlers = [ldap_sha512_crypt, ldap_sha256_crypt, ldap_sha1_crypt, ldap_bcrypt, ldap_md5_crypt,
                ldap_bsdi_crypt, ldap_des_crypt]

    def identify(self, hash_bytes: bytes):
        for handler in self.handlers:
            if handler.identify(hash_bytes):
                return handler
        return None

    def verify(self, password: bytes, hash_bytes: bytes) -> bool:
        handler = self.identify(hash_bytes)
        if handler is None:
            raise ValueError("hash could not be identified")
        return handler.verify(password, hash_bytes)


ldap_crypt_handler = LdapCryptDispatch()
# the crypt rows pwcheck has: ldap handler name -> the inner strict model
LDAP_CRYPT_INNER = {
    "ldap_sha512_crypt": sha_crypt_strict("$6$", 86),
    "ldap_sha256_crypt": sha_crypt_strict("$5$", 43),
    "ldap_bcrypt": bcrypt_strict,
    "ldap_md5_crypt": md5_crypt_strict("$1$"),
}


def ldap_crypt_strict(hash_text: str) -> Optional[str]:
    """pwcheck's {CRYPT}: the crypt row that claims the rest, with its own parser."""
    if not hash_text.startswith("{CRYPT}"):
        return "prefix"
    handler = ldap_crypt_handler.identify(hash_text.encode("utf-8"))
    if handler is None or handler.name not in LDAP_CRYPT_INNER:
        # "{CRYPT} followed by any crypt hash" (issue 5): pwcheck also takes the crypt(3) formats passlib
        # does not wrap ($7$, yescrypt, DES...), which the system's crypt(3) then judges.
        inner = hash_text[len("{CRYPT}"):]
        model = scrypt_strict if inner.startswith("$7$") else system_crypt_strict
        if (inner.startswith("$7$") or system_crypt_claims(inner)) and model(inner) is None:
            return "crypt-beyond-passlib"
        return "unsupported-inner"
    return LDAP_CRYPT_INNER[handler.name](hash_text[len("{CRYPT}"):])


def gen_ldap_crypt(b: Builder):
    rng = b.rng
    makers = {
        "ldap_md5_crypt": lambda pw: ldap_md5_crypt.using(salt=sha_crypt_salt(rng, rng.randint(0, 8))).hash(pw),
        "ldap_sha256_crypt": lambda pw: ldap_sha256_crypt.using(rounds=rng.randint(1000, 1500),
                                                                salt=sha_crypt_salt(rng)).hash(pw),
        "ldap_sha512_crypt": lambda pw: ldap_sha512_crypt.using(rounds=rng.randint(1000, 1500),
                                                                salt=sha_crypt_salt(rng)).hash(pw),
        "ldap_bcrypt": lambda pw: ldap_bcrypt.using(rounds=4, salt=bcrypt_salt(rng),
                                                    ident=rng.choice(("2a", "2b", "2y"))).hash(pw),
    }
    # FORMATS §8 vectors of the inner schemes under {CRYPT}
    formats = [(FORMATS_MD5_CRYPT["md5_crypt"], "ldap_md5_crypt"), (FORMATS_SHA_CRYPT["sha256_crypt"][:5], "ldap_sha256_crypt"),
               (FORMATS_SHA_CRYPT["sha512_crypt"][:5], "ldap_sha512_crypt"), (FORMATS_BCRYPT[:3], "ldap_bcrypt")]
    for cases, name in formats:
        for note, pw, h, doc in cases:
            b.add(pw, "{CRYPT}" + h, "edge", "FORMATS %s, under {CRYPT} (%s)" % (note, name), doc=doc)

    for name, mk in makers.items():
        n = 20 if name == "ldap_bcrypt" else 45
        for _ in range(n):
            pw = random_password(rng, allow_nul=False, max_len=rng.choice((40, 40, 100)))
            b.add_pair(pw, mk(pw), "%s, %s" % (name, describe_password(pw)), allowed=no_nul)
        h = mk(P1)
        b.add(b"pass\x00word", h, "edge", "%s, NUL in the password: refused by the inner scheme" % name)
        for m, note in common_text_mutations(h, "{CRYPT}"):
            b.add(P1, m, None, "%s, %s" % (name, note))
        inner = h[len("{CRYPT}"):]
        b.add(P1, "{CRYPT}" + inner[:-1], None, "%s, checksum one char short" % name)
        b.add(P1, "{CRYPT}{CRYPT}" + inner, None, "%s, {CRYPT} twice" % name)
        b.add(P1, "{CRYPT} " + inner, None, "%s, space after {CRYPT}" % name)
        b.add(P1, "{crypt}" + inner, None, "%s, {crypt} in lower case" % name)
        b.add(P1, "{CRYPT}" + inner + "$", None, "%s, trailing '$'" % name)
    # inner errors: the inner scheme's rules hold
    b.add(P1, "{CRYPT}$1$saltsalts$qjXMvbEw8oaL.CzflDtaK/", None, "9-char md5-crypt salt")
    b.add(P1, "{CRYPT}$5$rounds=999$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", None, "sha256-crypt rounds=999")
    b.add(P1, "{CRYPT}$5$rounds=+1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", None,
          "sha256-crypt rounds=+1000 (the inner deviation)")
    b.add(P1, "{CRYPT}$2b$03$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", None, "bcrypt cost 03")
    b.add(P1, "{CRYPT}$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", None, "bcrypt $2x$")
    b.add(P1, "{CRYPT}$1$saltsalt", None, "md5-crypt config string")
    # not crypt formats passlib wraps: pwcheck refuses the non-crypt ones as passlib does, and verifies
    # the crypt(3) ones through the system's crypt (deviation crypt-beyond-passlib)
    for h, note in [
        ("{CRYPT}", "{CRYPT} alone"), ("{CRYPT}$", "{CRYPT}$"),
        ("{CRYPT}$apr1$saltsalt$yAAkm4libquA.ZWLHbSBq/", "apr_md5_crypt (not a crypt(3) format)"),
        ("{CRYPT}{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0", "an LDAP digest"),
        ("{CRYPT}" + FORMATS_PBKDF2["pbkdf2_sha256"][0][2], "a pbkdf2 hash"),
        ("{CRYPT}$7$CU..../....saltsaltsaltsalt$ItR7wyQ3EVfzSRCDeC98cuWtl3VF8pvKc06spijEkR3", "scrypt $7$"),
        ("{CRYPT}$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7", "yescrypt $y$"),
        ("{CRYPT}$y$j75$LdJMENpBABJJ3hIHjB1Bi.$AwSWBvo9otG8BLH4EfD1adasacj5dqew9dxGW5j5f24", "yescrypt $y$ (FORMATS §8.1)"),
        ("{CRYPT}sa3tHJ3/KuYvI", "descrypt (FORMATS §8.1)"),
        ("{CRYPT}_J9..saltJW8FtKdEkNM", "bsdicrypt (FORMATS §8.1)"),
        ("{CRYPT}$sha1$1000$saltsalt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS", "sha1crypt (FORMATS §8.1)"),
        ("{CRYPT}$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAA", "argon2"),
        ("{CRYPT}bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "Django's bcrypt$"),
        ("{CRYPT}!", "a disabled-account marker"),
    ]:
        b.add(P1, h, None, note)


def ldap_crypt_backend() -> str:
    return "passlib ldap_*_crypt (PrefixWrapper) over md5_crypt, sha256_crypt, sha512_crypt (%s), bcrypt (%s)" % (
        md5_crypt.get_backend(), bcrypt.get_backend())


# --------------------------------------------------------------------------------------------
# Hostile-input battery and no-false-match mutants (issue 9): kinds "hostile" and "mutant"
# --------------------------------------------------------------------------------------------
# A generic driver works from each row's own valid hashes (taken from the cases its gen_ function
# made) and a description of the row's format (HOSTILE_SHAPES): literal separators and fields, each
# field decimal ("num"), encoded in an alphabet ("enc") or a fixed word ("word"). The battery cuts,
# corrupts and inflates every field; the mutants are seeded random edits anywhere. Every string goes
# through Builder.add (passlib's verdict, the row's strict model, the deviations), except the few
# passlib would compute for hours: those follow pwcheck's documented cost limits (PWCHECK_LIMITS).

MIB = 1 << 20
HEX_CHARS = "0123456789abcdef"
HOSTILE_CATEGORIES = ("truncated", "bad-base64", "bad-hex", "huge-number", "sign", "leading-zero",
                      "non-ascii-digit", "nul", "1mb", "invalid-utf8")
HUGE_NUMBERS = ("99999999999999999999", "18446744073709551616", "18446744073709551615", "4294967296",
                "4294967295", "2147483648")
# pwcheck's default limits (core::Limits{}, README.md): the oracle where passlib would compute for hours.
PWCHECK_LIMITS = {"pbkdf2_rounds": 20_000_000, "bcrypt_cost": 18, "sha_crypt_rounds": 10_000_000,
                  "phpass_rounds": 24, "argon2_memory_kib": 2_097_152, "argon2_time": 1000,
                  "scrypt_memory": 2 << 30}
# bytes that are not UTF-8: \xff, a lone continuation byte, an overlong '/', an overlong '$' in three
# bytes, a surrogate, a truncated sequence (the hash strings carry them as hash_hex, see README.md)
INVALID_UTF8 = (b"\xff", b"\x80", b"\xc0\xaf", b"\xe0\x80\xa4", b"\xed\xa0\x80", b"\xe2\x82")


def python_int(text: str) -> Optional[int]:
    """The number passlib reads with int() (signs, spaces, '_'), or None (also for non-ASCII digits,
    which only the battery's non-ascii-digit strings carry, at their base hash's own cheap value)."""
    if not text.isascii() or len(text) > 4000:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def strtoul_value(text: str) -> Optional[int]:
    """The number libxcrypt's strtoul reads (spaces, a sign, wrap-around for '-', ULONG_MAX on overflow)."""
    m = re.match(r"[ \t\n\v\f\r]*([+-]?)([0-9]+)", text)
    if not m:
        return None
    v = min(int(m.group(2)[:21]), 2 ** 64 - 1)
    return (2 ** 64 - v) % 2 ** 64 if m.group(1) == "-" and v else v


def sunmd5_value(text: str) -> Optional[int]:
    """SunMD5's rounds as libxcrypt reads them: a plain decimal (no sign, no leading zero), else None."""
    return int(text) if re.fullmatch(r"0|[1-9][0-9]{0,19}", text) else None


def h64_little(text: str) -> Optional[int]:
    """A hash64 little-endian number (BSDi's count, phpass's log2 rounds character)."""
    if not text or any(c not in H64_CHARS for c in text):
        return None
    return sum(H64_CHARS.index(c) << (6 * i) for i, c in enumerate(text))


def yescrypt_memory_of(params: str) -> Optional[int]:
    """128 r N bytes from a `$y$` parameter field (flavor, log2 N, r; src/schemes/system_crypt.cpp)."""
    def number(text, lo):
        if not text or text[0] not in H64_CHARS:
            return None, text
        c, text = H64_CHARS.index(text[0]), text[1:]
        value, start, end, more, bits = lo, 0, 47, 0, 0
        while c > end:
            value += (end + 1 - start) << bits
            start, end = end + 1, end + 1 + (62 - end) // 2
            more, bits = more + 1, bits + 6
        value += (c - start) << bits
        for _ in range(more):
            if not text or text[0] not in H64_CHARS:
                return None, text
            bits -= 6
            value, text = value + (H64_CHARS.index(text[0]) << bits), text[1:]
        return value, text
    _, rest = number(params, 0)
    log2_n, rest = number(rest, 1)
    r, rest = number(rest, 1)
    if log2_n is None or r is None:
        return None
    extras = []
    while rest:  # optional parameters (a flags number, then p, t, ...): small ones cost nothing much
        value, rest = number(rest, 0)
        if value is None:
            return None  # libxcrypt refuses the setting
        extras.append(value)
    if log2_n > 63 or any(v > 4 for v in extras):
        return 2 ** 64  # absurd or unknown work: never given to libxcrypt
    return 128 * r * (1 << log2_n)


@dataclass(frozen=True)
class Cost:
    """A field that sets the work: values in (cheap, verifier_max] make passlib (or libxcrypt) compute too long."""
    limit: Optional[str]          # PWCHECK_LIMITS key bounding it in pwcheck (None: not limited by itself)
    cheap: int                    # passlib computes up to this well within 0.2 s
    verifier_max: int = 2 ** 64   # largest value passlib reads and computes; above it passlib refuses fast
    reader: Callable[[str], Optional[int]] = python_int  # how the verifier reads the field


@dataclass(frozen=True)
class F:
    """One field of a hash format."""
    name: str
    kind: str                     # "num" (decimal), "enc" (encoded in `alphabet`), "word" (a name: `pattern`)
    alphabet: str = ""
    length: Optional[int] = None  # fixed length (fields with no separator after them)
    pattern: str = ""
    cost: Optional[Cost] = None


PBKDF2_COST = Cost("pbkdf2_rounds", 100_000, 0xFFFFFFFF)
BCRYPT_COST = Cost("bcrypt_cost", 8, 31)
SHA_CRYPT_COST = Cost("sha_crypt_rounds", 100_000, 999_999_999)


def pbkdf2_shape(prefix: str, salt_alpha=AB64_CHARS, chk_alpha=AB64_CHARS):
    return (prefix, F("rounds", "num", cost=PBKDF2_COST), "$", F("salt", "enc", salt_alpha), "$",
            F("checksum", "enc", chk_alpha))


def bcrypt_shape(prefix: str = "", cost: Optional[Cost] = BCRYPT_COST):
    return (prefix + "$", F("ident", "word", pattern="2a|2b|2y|2"), "$", F("cost", "num", length=2, cost=cost),
            "$", F("salt", "enc", BCRYPT64_CHARS, 22), F("checksum", "enc", BCRYPT64_CHARS, 31))


def sha_crypt_shapes(ident: str, prefix: str = ""):
    return [(prefix + ident + "rounds=", F("rounds", "num", cost=SHA_CRYPT_COST), "$", F("salt", "enc", H64_CHARS),
             "$", F("checksum", "enc", H64_CHARS)),
            (prefix + ident, F("salt", "enc", H64_CHARS), "$", F("checksum", "enc", H64_CHARS))]


def md5_crypt_shape(ident: str, prefix: str = ""):
    return (prefix + ident, F("salt", "enc", H64_CHARS), "$", F("checksum", "enc", H64_CHARS))


def argon2_shape(prefix: str = ""):
    return (prefix + "$argon2", F("type", "word", pattern="id|i|d"), "$v=", F("v", "num"), "$m=",
            F("m", "num", cost=Cost("argon2_memory_kib", 65536, 0xFFFFFFFF)), ",t=",
            F("t", "num", cost=Cost("argon2_time", 64, 0xFFFFFFFF)), ",p=", F("p", "num"), "$",
            F("salt", "enc", STD64_CHARS), "$", F("checksum", "enc", STD64_CHARS))


def ldap_digest_shape(name: str):
    return (LDAP_DIGESTS[name][0], F("data", "enc", STD_B64_CHARS + "="))


# the row's format(s); each needs a valid hash among the row's cases (a match, or for unix_disabled a no_match)
HOSTILE_SHAPES = {
    "pbkdf2_sha1": [pbkdf2_shape("$pbkdf2$")],
    "pbkdf2_sha256": [pbkdf2_shape("$pbkdf2-sha256$")],
    "pbkdf2_sha512": [pbkdf2_shape("$pbkdf2-sha512$")],
    "ldap_pbkdf2_sha1": [pbkdf2_shape("{PBKDF2}")],
    "ldap_pbkdf2_sha256": [pbkdf2_shape("{PBKDF2-SHA256}")],
    "ldap_pbkdf2_sha512": [pbkdf2_shape("{PBKDF2-SHA512}")],
    "bcrypt": [bcrypt_shape()],
    "django_bcrypt": [bcrypt_shape("bcrypt$")],
    "django_bcrypt_sha256": [bcrypt_shape("bcrypt_sha256$")],
    "bcrypt_sha256": [("$bcrypt-sha256$v=", F("v", "num"), ",t=", F("ident", "word", pattern="2b|2a"), ",r=",
                       F("r", "num", cost=BCRYPT_COST), "$", F("salt", "enc", BCRYPT64_CHARS), "$",
                       F("checksum", "enc", BCRYPT64_CHARS))],
    "scrypt": [("$scrypt$ln=", F("ln", "num"), ",r=", F("r", "num"), ",p=", F("p", "num"), "$",
                F("salt", "enc", STD_B64_CHARS), "$", F("checksum", "enc", STD_B64_CHARS))],
    "sha256_crypt": sha_crypt_shapes("$5$"),
    "sha512_crypt": sha_crypt_shapes("$6$"),
    "argon2": [argon2_shape()],
    "django_argon2": [argon2_shape("argon2")],
    "md5_crypt": [md5_crypt_shape("$1$")],
    "apr_md5_crypt": [md5_crypt_shape("$apr1$")],
    "phpass": [("$", F("ident", "word", pattern="P|H"), "$",
                F("rounds", "enc", H64_CHARS, 1, cost=Cost("phpass_rounds", 16, 30, h64_little)),
                F("salt", "enc", H64_CHARS, 8), F("checksum", "enc", H64_CHARS, 22))],
    **{n: [ldap_digest_shape(n)] for n in ("ldap_md5", "ldap_sha1", "ldap_salted_md5", "ldap_salted_sha1",
                                           "ldap_salted_sha256", "ldap_salted_sha512")},
    "ldap_crypt": [md5_crypt_shape("$1$", "{CRYPT}"), bcrypt_shape("{CRYPT}"), *sha_crypt_shapes("$5$", "{CRYPT}"),
                   *sha_crypt_shapes("$6$", "{CRYPT}")],
    "django_pbkdf2_sha1": [pbkdf2_shape("pbkdf2_sha1$", DJANGO_SALT_CHARS, STD_B64_CHARS + "=")],
    "django_pbkdf2_sha256": [pbkdf2_shape("pbkdf2_sha256$", DJANGO_SALT_CHARS, STD_B64_CHARS + "=")],
    "django_salted_md5": [("md5$", F("salt", "enc", DJANGO_SALT_CHARS), "$", F("checksum", "enc", HEX_CHARS))],
    "django_salted_sha1": [("sha1$", F("salt", "enc", DJANGO_SALT_CHARS), "$", F("checksum", "enc", HEX_CHARS))],
    "werkzeug_pbkdf2": [("pbkdf2:", F("digest", "word", pattern="sha[0-9_a-z]+"), ":",
                         F("iterations", "num", cost=Cost("pbkdf2_rounds", 100_000, INT_MAX)), "$",
                         F("salt", "enc", WERKZEUG_SALT_CHARS), "$", F("checksum", "enc", HEX_CHARS))],
    "werkzeug_scrypt": [("scrypt:", F("n", "num"), ":", F("r", "num"), ":", F("p", "num"), "$",
                         F("salt", "enc", WERKZEUG_SALT_CHARS), "$", F("checksum", "enc", HEX_CHARS))],
    "unix_disabled": [("!", *sha_crypt_shapes("$6$")[1]), ("!", *bcrypt_shape(cost=None))],  # nothing is computed
    "system_crypt": [
        ("$y$", F("params", "enc", H64_CHARS, cost=Cost("scrypt_memory", 16 * MIB, 2 ** 64, yescrypt_memory_of)),
         "$", F("salt", "enc", H64_CHARS), "$", F("checksum", "enc", H64_CHARS)),
        ("$sha1$", F("rounds", "num", cost=Cost("pbkdf2_rounds", 50_000, 2 ** 64, strtoul_value)), "$",
         F("salt", "enc", H64_CHARS), "$", F("checksum", "enc", H64_CHARS)),
        ("$md5$rounds=", F("rounds", "num", cost=Cost("sha_crypt_rounds", 50_000, 0xFFFFFFFF, sunmd5_value)), "$",
         F("salt", "enc", H64_CHARS), "$", F("checksum", "enc", H64_CHARS)),
        ("$md5,rounds=", F("rounds", "num", cost=Cost("sha_crypt_rounds", 50_000, 0xFFFFFFFF, sunmd5_value)), "$",
         F("salt", "enc", H64_CHARS), "$$", F("checksum", "enc", H64_CHARS)),
        ("_", F("count", "enc", H64_CHARS, 4, cost=Cost(None, 1 << 20, 2 ** 24, h64_little)),
         F("salt", "enc", H64_CHARS, 4), F("checksum", "enc", H64_CHARS, 11)),
        ("$3$$", F("checksum", "enc", HEX_CHARS)),
        (F("salt", "enc", H64_CHARS, 2), F("checksum", "enc", H64_CHARS, 11)),
    ],
}


def shape_regex(shape, loose: bool = False):
    """The shape as a regex, one group per field; loose: any text in each field (for reading mutants)."""
    out = []
    for tok in shape:
        if isinstance(tok, str):
            out.append(re.escape(tok))
        elif loose:
            out.append("(.{1,%d})" % tok.length if tok.length else "(.*?)")  # greedy: what a parser reads first
        elif tok.kind == "num":
            out.append("([0-9]{%d})" % tok.length if tok.length else "([0-9]+)")
        elif tok.kind == "word":
            out.append("(%s)" % tok.pattern)
        else:
            out.append("([%s]%s)" % (re.escape(tok.alphabet), "{%d}" % tok.length if tok.length else "*"))
    return re.compile("".join(out), re.DOTALL)


def shape_spans(shape, m):
    """[(token, start, end)] of a matched shape: literals and fields in order."""
    spans, pos, group = [], 0, 0
    for tok in shape:
        if isinstance(tok, str):
            spans.append((tok, pos, pos + len(tok)))
            pos += len(tok)
        else:
            group += 1
            spans.append((tok, m.start(group), m.end(group)))
            pos = m.end(group)
    return spans


def dear_field(shape, text: str) -> Optional[str]:
    """Why passlib would compute for too long on `text` (a field over its Cost's cheap bound), or None."""
    m = shape_regex(shape, loose=True).fullmatch(text)
    if not m:
        return None
    for tok, s, e in shape_spans(shape, m):
        if isinstance(tok, F) and tok.cost:
            v = tok.cost.reader(text[s:e])
            if v is not None and tok.cost.cheap < v <= tok.cost.verifier_max:
                return "%s=%d" % (tok.name, v)
    return None


def nearest_other(alphabet: str, c: str) -> str:
    return alphabet[(alphabet.index(c) + 1) % len(alphabet)] if c in alphabet else alphabet[0]


def hostile_strings(shape, text: str):
    """(category, string, note, repeat) for one valid hash; repeat = (char offset, char, count) for 1 MiB runs."""
    m = shape_regex(shape).fullmatch(text)
    spans = shape_spans(shape, m)
    fields = [(t, s, e) for t, s, e in spans if isinstance(t, F)]
    out = []

    def add(cat, s, note, repeat=None):
        if repeat:  # the run itself goes in here; file_form() takes it out again for the file
            s = s[:repeat[0]] + repeat[1] * repeat[2] + s[repeat[0]:]
        out.append((cat, s, note, repeat))

    # truncated: at and just after each separator, mid-field, one char short, a field emptied
    for tok, s, e in spans:
        if isinstance(tok, str):
            if s > 0:
                add("truncated", text[:s], "cut before %r" % tok)
            add("truncated", text[:e], "cut just after %r" % tok)
            if e - s >= 2:
                add("truncated", text[:s + (e - s) // 2], "cut inside %r" % tok)
        else:
            if e - s >= 2:
                add("truncated", text[:s + (e - s) // 2], "cut mid-%s" % tok.name)
            if e - s >= 1:
                add("truncated", text[:e - 1], "cut one char into the end of %s" % tok.name)
                add("truncated", text[:s] + text[e:], "%s emptied" % tok.name)
    for tok, s, e in fields:
        field = text[s:e]
        mid = s + (e - s) // 2
        if tok.kind == "enc" and e > s:
            cat = "bad-hex" if tok.alphabet == HEX_CHARS else "bad-base64"
            alien = [c for c in "!_-~*+./=é" if c not in tok.alphabet]
            for c in alien[:3] + ["\x7f"]:
                add(cat, text[:mid] + c + text[mid + 1:], "%r in the middle of %s" % (c, tok.name))
            add(cat, text[:e] + alien[0] + text[e:], "%r after %s" % (alien[0], tok.name))
            add(cat, text[:e - 1] + text[e:], "%s one char short" % tok.name)
            add(cat, text[:e] + tok.alphabet[1] + text[e:], "%s one char long" % tok.name)
            add(cat, text[:e] + tok.alphabet[1] * 2 + text[e:], "%s two chars long" % tok.name)
            if tok.alphabet == HEX_CHARS:
                add(cat, text[:s] + field.upper() + text[e:], "%s in upper case" % tok.name)
            else:
                add(cat, text[:e] + "=" + text[e:], "%s padded with '='" % tok.name)
                add(cat, text[:e] + "==" + text[e:], "%s padded with '=='" % tok.name)
                add(cat, text[:mid] + "=" + text[mid:], "'=' inside %s" % tok.name)
                add(cat, text[:e - 1] + nearest_other(tok.alphabet, text[e - 1]) + text[e:],
                    "last char of %s the next in the alphabet" % tok.name)
        if tok.kind == "num":
            width = len(field)
            for big in HUGE_NUMBERS + ("0",):
                add("huge-number", text[:s] + big + text[e:], "%s=%s" % (tok.name, big))
            if tok.cost and tok.cost.verifier_max < 2 ** 64:
                add("huge-number", text[:s] + str(tok.cost.verifier_max) + text[e:],
                    "%s=%d, the largest passlib reads" % (tok.name, tok.cost.verifier_max))
            for sign in ("+", "-"):
                add("sign", text[:s] + sign + field + text[e:], "%s with %r" % (tok.name, sign))
            add("sign", text[:s] + "-0" + text[e:], "%s=-0" % tok.name)
            add("leading-zero", text[:s] + "0" + field + text[e:], "%s with a leading zero" % tok.name)
            add("leading-zero", text[:s] + "0" * 20 + field + text[e:], "%s with 20 leading zeros" % tok.name)
            if width >= 2 and field[0] == "0":
                add("leading-zero", text[:s] + field.lstrip("0").rjust(1, "0") + text[e:], "%s without its zero" % tok.name)
            arabic = "".join(chr(0x660 + int(d)) for d in field)
            fullwidth = "".join(chr(0xFF10 + int(d)) for d in field)
            add("non-ascii-digit", text[:s] + arabic + text[e:], "%s in ARABIC-INDIC digits" % tok.name)
            add("non-ascii-digit", text[:s] + fullwidth + text[e:], "%s in FULLWIDTH digits" % tok.name)
            add("non-ascii-digit", text[:s] + field[:-1] + "\u0663" + text[e:], "%s with U+0663 last" % tok.name)
            add("non-ascii-digit", text[:s] + "\uff11" + field[1:] + text[e:], "%s with U+FF11 first" % tok.name)
            add("non-ascii-digit", text[:s] + field[:-1] + "\u00b2" + text[e:], "%s with SUPERSCRIPT TWO" % tok.name)
    # NUL: in the middle of each field, at the end, instead of the last char, before a valid tail
    for tok, s, e in fields:
        mid = s + (e - s) // 2
        add("nul", text[:mid] + "\x00" + text[mid:], "NUL in the middle of %s" % tok.name)
    add("nul", text + "\x00", "NUL at the end")
    add("nul", text + "\x00" + text, "NUL then the hash again")
    add("nul", text[:-1] + "\x00", "NUL instead of the last char")
    add("nul", "\x00" + text, "NUL first")
    # 1 MiB: appended to the hash, and one char repeated 1 MiB times as a field (the largest, and each number)
    add("1mb", text, "1 MiB of 'A' appended", (len(text), "A", MIB))
    add("1mb", text, "1 MiB of '$' appended", (len(text), "$", MIB))
    biggest = max(fields, key=lambda f: f[2] - f[1])
    for tok, s, e in fields:
        if tok is biggest[0] or tok.kind == "num":
            ch = "9" if tok.kind == "num" else (tok.alphabet or "A")[0]
            add("1mb", text[:s] + text[e:], "%s is 1 MiB of %r" % (tok.name, ch), (s, ch, MIB))
    # invalid UTF-8 (as surrogate escapes here; hash_hex in the file)
    for i, bad in enumerate(INVALID_UTF8):
        tok, s, e = fields[i % len(fields)]
        mid = s + (e - s) // 2
        esc = bad.decode("utf-8", "surrogateescape")
        add("invalid-utf8", text[:mid] + esc + text[mid + 1:], "%s in %s" % (bad, tok.name))
    add("invalid-utf8", text + "\udcff", "\\xff at the end")
    add("invalid-utf8", "\udcc0\udcaf" + text[1:], "overlong '/' instead of the first char")
    return out


def hostile_bases(b: Builder, shapes):
    """(password, hash, shape) per shape: the first valid hash of the row's cases in that shape."""
    bases = []
    for shape in shapes:
        rx = shape_regex(shape)
        for want in (("match", "random"), ("match", None), ("no_match", "edge")):
            found = next((c for c in b.cases if c["expect"] == want[0] and (want[1] is None or c["kind"] == want[1])
                          and rx.fullmatch(c["hash"]) and not dear_field(shape, c["hash"])), None)
            if found:
                bases.append((bytes.fromhex(found["password_hex"]), found["hash"], shape))
                break
        else:
            b.problems.append("HOSTILE no valid hash of shape %r among the cases" % (shape_regex(shape).pattern,))
    return bases


def tolerant_strict(strict):
    """The row's strict model, with strings that are not UTF-8 (surrogate escapes) refused as such."""
    def model(text: str) -> Optional[str]:
        try:
            return strict(text)
        except UnicodeEncodeError:  # a model that encodes the text (most refuse non-ASCII before)
            return "not-utf8"
        except ValueError as exc:  # int() of a 1 MiB decimal: out of any range pwcheck reads
            if "integer string conversion" not in str(exc):
                raise
            return "decimal-too-long"
    return model


def file_form(case: dict, repeat=None) -> dict:
    """The case as the file stores it: hash_hex for bytes that are not UTF-8, a recipe for 1 MiB runs."""
    text = case.pop("hash")
    if repeat:
        at, ch, count = repeat
        assert text[at:at + count] == ch * count
        text = text[:at] + text[at + count:]
    raw = text.encode("utf-8", "surrogateescape")
    out = {"password_hex": case.pop("password_hex")}
    try:
        out["hash"] = raw.decode("utf-8")
    except UnicodeDecodeError:
        out["hash_hex"] = raw.hex()
    if repeat:
        out["repeat"] = {"at": len(text[:at].encode("utf-8", "surrogateescape")), "text": ch, "count": count}
    out.update(case)
    return out


def short(text: str, n: int = 120) -> str:
    return text if len(text) <= n else "%s...(%d chars)" % (text[:n], len(text))


class HostileBuilder:
    """Adds cases of kind hostile / mutant to a row's Builder, with the cost oracle in front of passlib."""

    def __init__(self, b: Builder):
        from dataclasses import replace
        self.b = Builder(replace(b.scheme, strict=tolerant_strict(b.scheme.strict)), b.rng, b.cases, b.problems, b._seen)

    def add(self, password: bytes, text: str, shape, kind: str, tag_key: str, tag: str, note: str, repeat=None):
        b = self.b
        dear = next(filter(None, (dear_field(sh, text) for sh in HOSTILE_SHAPES[b.scheme.name])), None)
        n_problems = len(b.problems)
        if dear is None:
            case = b.add(password, text, None, note)
            if case is None:
                return None
        elif kind == "mutant" or self.dear_limit(text, dear) is None:
            # a mutant passlib would take too long on, or a hostile string that is merely dear within
            # pwcheck's limits (BSDi's count goes to 2^24 - 1, 2.3 s): not recorded
            return None
        else:
            case = self.not_run(password, text, dear, note)
        b.problems[n_problems:] = [short(p, 300) for p in b.problems[n_problems:]]
        case["kind"] = kind
        case[tag_key] = tag
        assert b.cases[-1] is case
        b.cases[-1] = file_form(case, repeat)
        return b.cases[-1]

    def dear_limit(self, text: str, dear: str) -> Optional[str]:
        """The PWCHECK_LIMITS key that bounds the dear field `dear` ("name=value") of `text`, or None."""
        name = dear.split("=")[0]
        for shape in HOSTILE_SHAPES[self.b.scheme.name]:
            m = shape_regex(shape, loose=True).fullmatch(text)
            if m and dear_field(shape, text) == dear:
                return next((t.cost.limit for t, _, _ in shape_spans(shape, m)
                             if isinstance(t, F) and t.name == name and t.cost), None)
        return None

    def not_run(self, password: bytes, text: str, dear: str, note: str) -> dict:
        """A hash passlib would compute for hours on: pwcheck's limits and strict model give the answer."""
        b = self.b
        b._seen.add((password, text))
        value = int(dear.split("=")[1])
        limit = self.dear_limit(text, dear)
        reason = b.scheme.strict(text)
        if reason in (None, "cost-over-limit"):
            if limit is None or value <= PWCHECK_LIMITS[limit]:
                b.problems.append("HOSTILE %s within pwcheck's limit but too dear for passlib: %r" % (dear, short(text)))
            expect = "cost_over_limit"
        else:
            expect = "malformed"
        case = {"password_hex": password.hex(), "hash": text, "passlib": "not-run", "expect": expect,
                "kind": "hostile", "note": "%s (%s: passlib would compute for hours)" % (note, dear),
                "deviation": "passlib-not-run"}
        b.cases.append(case)
        return case


def gen_hostile(b: Builder):
    """The battery: every field of every shape of the row, cut, corrupted, inflated (kind hostile)."""
    hb = HostileBuilder(b)
    for password, base, shape in hostile_bases(b, HOSTILE_SHAPES[b.scheme.name]):
        for cat, text, note, repeat in hostile_strings(shape, base):
            hb.add(password, text, shape, "hostile", "hostile", cat, note, repeat)


MUTANTS_PER_ROW = 300
MUTANT_POOL = H64_CHARS + "+=$,:{}!*-_ \x00é"


def mutate(rng: random.Random, text: str):
    """One random edit of `text`: (operation, new text)."""
    i = rng.randrange(len(text))
    op = rng.choice(("substitute", "substitute", "insert", "delete", "duplicate", "swap", "case", "neighbour",
                     "cut-field", "duplicate-field", "swap-fields", "truncate"))
    c = text[i]
    if op == "substitute":
        return op, text[:i] + rng.choice(MUTANT_POOL) + text[i + 1:]
    if op == "insert":
        return op, text[:i] + rng.choice(MUTANT_POOL) + text[i:]
    if op == "delete":
        return op, text[:i] + text[i + 1:]
    if op == "duplicate":
        return op, text[:i] + c + text[i:]
    if op == "swap" and i + 1 < len(text):
        return op, text[:i] + text[i + 1] + c + text[i + 2:]
    if op == "case" and c.swapcase() != c:
        return op, text[:i] + c.swapcase() + text[i + 1:]
    if op == "neighbour":
        for alphabet in (H64_CHARS, STD_B64_CHARS, HEX_CHARS, "0123456789"):
            if c in alphabet:
                step = rng.choice((-1, 1))
                return op, text[:i] + alphabet[(alphabet.index(c) + step) % len(alphabet)] + text[i + 1:]
    if op in ("cut-field", "duplicate-field", "swap-fields"):
        sep = rng.choice([s for s in "$,:}" if s in text] or ["$"])
        parts = text.split(sep)
        if len(parts) >= 2:
            j = rng.randrange(len(parts))
            if op == "cut-field":
                del parts[j]
            elif op == "duplicate-field":
                parts.insert(j, parts[j])
            else:
                k = rng.randrange(len(parts))
                parts[j], parts[k] = parts[k], parts[j]
            return op, sep.join(parts)
    if op == "truncate":
        return op, text[:i]
    return "substitute", text[:i] + rng.choice(MUTANT_POOL) + text[i + 1:]


def gen_mutants(b: Builder):
    """Seeded random edits of the row's valid hashes, each with passlib's verdict (kind mutant)."""
    hb = HostileBuilder(b)
    rng = random.Random("%s:mutants" % b.scheme.name)
    shapes = HOSTILE_SHAPES[b.scheme.name]
    pairs = []
    for shape in shapes:
        rx = shape_regex(shape)
        want = "no_match" if b.scheme.name == "unix_disabled" else "match"
        pairs += [(bytes.fromhex(c["password_hex"]), c["hash"], shape) for c in b.cases
                  if c["expect"] == want and c["kind"] in ("random", "edge") and "repeat" not in c
                  and "hash" in c and rx.fullmatch(c["hash"]) and not dear_field(shape, c["hash"])][:8]
    if not pairs:
        b.problems.append("MUTANT no valid hash to mutate")
        return
    made = attempts = 0
    while made < MUTANTS_PER_ROW and attempts < MUTANTS_PER_ROW * 10:
        attempts += 1
        password, text, shape = rng.choice(pairs)
        ops = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            op, text = mutate(rng, text) if text else ("insert", rng.choice(MUTANT_POOL))
            ops.append(op)
        if hb.add(password, text, shape, "mutant", "mutation", "+".join(ops), "mutant: " + ", ".join(ops)):
            made += 1


# --------------------------------------------------------------------------------------------
# the scheme table
# --------------------------------------------------------------------------------------------

SCHEMES = {s.name: s for s in [
    Scheme("pbkdf2_sha1", pbkdf2_sha1, pbkdf2_backend, gen_pbkdf2,
           pbkdf2_strict("$pbkdf2$", 20), PBKDF2_DEVIATIONS),
    Scheme("pbkdf2_sha256", pbkdf2_sha256, pbkdf2_backend, gen_pbkdf2,
           pbkdf2_strict("$pbkdf2-sha256$", 32), PBKDF2_DEVIATIONS),
    Scheme("pbkdf2_sha512", pbkdf2_sha512, pbkdf2_backend, gen_pbkdf2,
           pbkdf2_strict("$pbkdf2-sha512$", 64), PBKDF2_DEVIATIONS),
    Scheme("bcrypt", bcrypt, bcrypt_backend, gen_bcrypt, bcrypt_strict, ()),
    Scheme("bcrypt_sha256", bcrypt_sha256, bcrypt_sha256_backend, gen_bcrypt_sha256, bcrypt_sha256_strict, ()),
    Scheme("scrypt", scrypt, scrypt_backend, gen_scrypt, scrypt_strict, SCRYPT_DEVIATIONS),
    Scheme("sha256_crypt", sha256_crypt, sha_crypt_backend, gen_sha_crypt, sha_crypt_strict("$5$", 43), SHA_CRYPT_DEVIATIONS),
    Scheme("sha512_crypt", sha512_crypt, sha_crypt_backend, gen_sha_crypt, sha_crypt_strict("$6$", 86), SHA_CRYPT_DEVIATIONS),
    Scheme("argon2", argon2_handler, argon2_backend, gen_argon2, argon2_strict, ARGON2_DEVIATIONS),
    Scheme("md5_crypt", md5_crypt, md5_crypt_backend, gen_md5_crypt, md5_crypt_strict("$1$"), ()),
    Scheme("apr_md5_crypt", apr_md5_crypt, lambda: "passlib builtin", gen_md5_crypt, md5_crypt_strict("$apr1$"), ()),
    Scheme("phpass", phpass, phpass_backend, gen_phpass, phpass_strict, ()),
    *[Scheme(n, getattr(passlib.hash, n), ldap_backend, gen_ldap_digest, ldap_digest_strict(n), LDAP_DIGEST_DEVIATIONS)
      for n in LDAP_DIGESTS],
    *[Scheme(n, getattr(passlib.hash, n), pbkdf2_backend, gen_ldap_pbkdf2, ldap_pbkdf2_strict(n), PBKDF2_DEVIATIONS)
      for n in LDAP_PBKDF2],
    Scheme("ldap_crypt", ldap_crypt_handler, ldap_crypt_backend, gen_ldap_crypt, ldap_crypt_strict,
           SHA_CRYPT_DEVIATIONS + ("crypt-beyond-passlib",)),
    Scheme("unix_disabled", unix_disabled, unix_disabled_backend, gen_unix_disabled, unix_disabled_strict, ()),
    Scheme("system_crypt", LibxcryptJudge, system_crypt_backend, gen_system_crypt, system_crypt_strict,
           ("config-string", "cost-over-limit")),
] + DJANGO_SCHEMES + WERKZEUG_SCHEMES}


def render(scheme: Scheme, seed: int, cases: List[dict]) -> str:
    """One header line, then one case per line, so diffs stay readable."""
    def dump(obj):
        return json.dumps(obj, ensure_ascii=True, separators=(", ", ": "))
    head = dump({"scheme": scheme.name, "generator": GENERATOR, "passlib": passlib.__version__,
                 "backend": scheme.backend(), "seed": seed})
    lines = [head[:-1] + ",", ' "cases": [']
    lines += ["  " + dump(c) + ("," if i + 1 < len(cases) else "") for i, c in enumerate(cases)]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output directory (default: tests/vectors/data next to this script)")
    ap.add_argument("--scheme", choices=sorted(SCHEMES), action="append",
                    help="regenerate only this scheme (repeatable; default: all)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="base seed (default %(default)s)")
    args = ap.parse_args(argv)

    if passlib.__version__ != "1.7.4":
        print("warning: passlib %s, the vectors are specified for 1.7.4" % passlib.__version__, file=sys.stderr)
    if passlib.utils.MAX_PASSWORD_SIZE != 4096:
        print("error: PASSLIB_MAX_PASSWORD_SIZE changes the 4096-byte limit; unset it", file=sys.stderr)
        return 2

    args.out.mkdir(parents=True, exist_ok=True)
    problems = 0
    for name in args.scheme or list(SCHEMES):
        scheme = SCHEMES[name]
        # a string seed is hashed with SHA-512 by random.seed(): stable across runs and Python versions
        b = Builder(scheme, random.Random("%d:%s" % (args.seed, name)))
        scheme.generate(b)
        gen_hostile(b), gen_mutants(b)  # issue 9's battery and mutants, for every row
        (args.out / ("%s.json" % name)).write_text(render(scheme, args.seed, b.cases), encoding="ascii")
        counts = {}
        for c in b.cases:
            counts[c["expect"]] = counts.get(c["expect"], 0) + 1
        print("%s: %d cases %s" % (name, len(b.cases), counts), file=sys.stderr)
        for p in b.problems:
            print("  " + p, file=sys.stderr)
        problems += len(b.problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
