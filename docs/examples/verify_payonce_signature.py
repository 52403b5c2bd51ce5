#!/usr/bin/env python3
"""Checks a payonce webhook delivery (standard library only).

    verify_payonce_signature.py SECRET 'PAYONCE_SIGNATURE_HEADER' < raw_body
exits 0 when the delivery is genuine and fresh, 1 otherwise.
"""
import hashlib
import hmac
import sys
import time

TOLERANCE_SECONDS = 300


def verified(header: str, raw_body: bytes, secret: str, now: float = None) -> bool:
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or abs((now or time.time()) - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + raw_body, hashlib.sha256
    ).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in signatures)


if __name__ == "__main__":
    sys.exit(0 if verified(sys.argv[2], sys.stdin.buffer.read(), sys.argv[1]) else 1)
