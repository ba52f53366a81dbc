#!/usr/bin/env python3
"""Helper of ts-offset-per-connection.pkt (RFC 7323 §7, R7323-19).

Opens four TCP connections over the namespace's loopback, all between the
same two addresses, and reads each end's current TSval with the
TCP_TIMESTAMP socket option (Linux: the timestamp clock plus the
connection's offset, the value its next segment carries).  With a random
offset per connection the eight values are unrelated: no two may lie
within 10 s of clock (10000 ticks) of each other, which unrelated 32-bit
values do with a probability of about 1e-4.  A shared clock without
offsets puts them all within a few ticks.  Exits 1 on related values.
"""
import itertools
import socket
import subprocess
import sys

TCP_TIMESTAMP = 24
NEAR = 10000


def ts_values(family, addr):
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((addr, 0))
    listener.listen(8)
    socks = []
    for _ in range(4):
        client = socket.socket(family, socket.SOCK_STREAM)
        client.connect(listener.getsockname()[:2])
        server, _ = listener.accept()
        socks += [client, server]
    values = [s.getsockopt(socket.IPPROTO_TCP, TCP_TIMESTAMP) & 0xFFFFFFFF for s in socks]
    for s in socks + [listener]:
        s.close()
    return values


def main():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    failed = False
    for family, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        values = ts_values(family, addr)
        print(addr, "TSval now:", " ".join(str(v) for v in values))
        for a, b in itertools.combinations(values, 2):
            gap = (a - b) & 0xFFFFFFFF
            if min(gap, 0x100000000 - gap) < NEAR:
                print(addr, "related TSvals:", a, b, file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
