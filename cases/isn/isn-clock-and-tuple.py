#!/usr/bin/env python3
"""Helper of isn-clock-and-tuple.pkt (RFC 9293 §3.4.1 MUST-8, SHLD-1;
RFC 6528 §3).

The stack's initial sequence numbers are read off the wire: a packet
socket on the namespace's loopback captures the SYN of every connection
the helper opens to a local listener, over IPv4 and IPv6.

Clock (MUST-8): five connections on one 4-tuple (fixed source port,
aborted with SO_LINGER 0 so no TIME-WAIT blocks the reuse), 100 ms apart.
The ISN must advance between each pair at one consistent rate (every
interval's rate within 10 % of the median) of at least one tick per 4 us
(RFC 9293's clock; Linux ticks every 64 ns).  A constant ISN, or one that
depends on the 4-tuple alone, does not advance; a random one does not
advance at a steady rate.

4-tuple (SHLD-1, RFC 6528): four other source ports, opened back to back.
Taking the clock out (ISN - rate * time of connect) leaves each 4-tuple's
own offset: the same 4-tuple's offsets must agree (within 2**18 ticks of
timing error; Linux's agree within a few hundred) and the five tuples'
offsets must differ pairwise by more than 2**16 ticks.  A clock-only ISN
gives one offset for all of them.  Unrelated 32-bit offsets fall that
close with a probability of about 3e-5 per pair.  Exits 1 when a check
fails.
"""
import itertools
import socket
import statistics
import struct
import subprocess
import sys
import time

PORT = 9000
SAME_PORT = 50000
OTHER_PORTS = (50001, 50002, 50003, 50004)
NEAR = 1 << 18       # one 4-tuple's offsets agree within this
APART = 1 << 16      # two 4-tuples' offsets differ by more than this
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def syn_seqs(sniffer):
    """SYNs (without ACK) to PORT captured so far: {sport: [seq, ...]}."""
    found = {}
    while True:
        try:
            frame, where = sniffer.recvfrom(65535)
        except BlockingIOError:
            return found
        if where[2] != PACKET_OUTGOING:   # loopback shows each frame twice
            continue
        ethertype = struct.unpack("!H", frame[12:14])[0]
        if ethertype == 0x0800 and frame[23] == 6:
            tcp = frame[14 + (frame[14] & 0x0F) * 4:]
        elif ethertype == 0x86DD and frame[20] == 6:
            tcp = frame[54:]
        else:
            continue
        sport, dport, seq = struct.unpack("!HHI", tcp[:8])
        if dport == PORT and tcp[13] & 0x12 == 0x02:
            found.setdefault(sport, []).append(seq)


def open_once(family, addr, listener, sport):
    """One connection from sport; returns the CLOCK_REALTIME ns of connect()."""
    client = socket.socket(family, socket.SOCK_STREAM)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.bind((addr, sport))
    before = time.clock_gettime_ns(time.CLOCK_REALTIME)
    client.connect((addr, PORT))
    after = time.clock_gettime_ns(time.CLOCK_REALTIME)
    server, _ = listener.accept()
    client.close()
    server.close()
    return (before + after) // 2


def check_family(family, addr):
    sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sniffer.bind(("lo", 0))
    sniffer.setblocking(False)
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((addr, PORT))
    listener.listen(16)

    times, seqs = [], []
    for _ in range(5):
        times.append(open_once(family, addr, listener, SAME_PORT))
        time.sleep(0.1)
        seqs.extend(syn_seqs(sniffer).get(SAME_PORT, []))
    other = {p: open_once(family, addr, listener, p) for p in OTHER_PORTS}
    time.sleep(0.05)
    caught = syn_seqs(sniffer)
    listener.close()
    sniffer.close()

    ok = True
    if len(seqs) != 5 or any(len(caught.get(p, [])) != 1 for p in OTHER_PORTS):
        print(addr, "missed SYNs:", seqs, caught, file=sys.stderr)
        return False
    rates = [((seqs[i + 1] - seqs[i]) & 0xFFFFFFFF) / ((times[i + 1] - times[i]) / 1000.0)
             for i in range(4)]
    rate = statistics.median(rates)
    print(addr, "same 4-tuple ISNs:", seqs, "ticks per us:", ["%.3f" % r for r in rates])
    if rate < 0.25 or any(abs(r - rate) > 0.1 * rate for r in rates):
        print(addr, "ISN does not advance with a steady clock of at least 1 per 4 us",
              file=sys.stderr)
        ok = False

    def offset(seq, t_ns):
        return (seq - round(rate * t_ns / 1000.0)) & 0xFFFFFFFF

    def gap(a, b):
        d = (a - b) & 0xFFFFFFFF
        return min(d, 0x100000000 - d)

    same = [offset(s, t) for s, t in zip(seqs, times)]
    offsets = [offset(caught[p][0], other[p]) for p in OTHER_PORTS]
    print(addr, "offsets, same 4-tuple:", same, "other 4-tuples:", offsets)
    if any(gap(a, same[0]) >= NEAR for a in same):
        print(addr, "one 4-tuple's ISN offset moves", file=sys.stderr)
        ok = False
    for a, b in itertools.combinations(offsets + same[:1], 2):
        if gap(a, b) < APART:
            print(addr, "two 4-tuples share an ISN offset:", a, b, file=sys.stderr)
            ok = False
    return ok


def main():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    results = [check_family(socket.AF_INET, "127.0.0.1"), check_family(socket.AF_INET6, "::1")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
