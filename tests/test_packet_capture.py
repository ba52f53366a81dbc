# test_packet_capture.py — how tests/test_packet_vectors.c was made: run as root,
#   unshare -n python3 tests/test_packet_capture.py
# It opens a TUN device in a private netns, scripts a peer at 10.0.0.2 /
# fd00::2, and saves the kernel's segments (syn, ack, data, sack, fin, synack,
# rst) to /tmp/cap2/bins/*.bin and /tmp/cap2/k.pcap.  TUN, unlike loopback,
# gets full checksums.
import os, fcntl, struct, socket, select, time, ipaddress, subprocess
TUNSETIFF = 0x400454ca; IFF_TUN = 1; IFF_NO_PI = 0x1000
fd = os.open('/dev/net/tun', os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', b'tun0', IFF_TUN | IFF_NO_PI))
sh = lambda c: subprocess.run(c, shell=True, check=True)
sh('ip link set lo up; ip link set tun0 up; ip addr add 10.0.0.1/24 dev tun0; ip -6 addr add fd00::1/64 dev tun0 nodad')
sh('sysctl -qw net.ipv4.tcp_fastopen=0')
time.sleep(0.3)
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b)//2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
def build(v6, src, dst, sp, dp, seq, ack, flags, win, opts=b'', payload=b''):
    doff = (20 + len(opts)) // 4
    tcp = struct.pack('!HHIIHHHH', sp, dp, seq, ack, (doff << 12) | flags, win, 0, 0) + opts + payload
    s = ipaddress.ip_address(src).packed; d = ipaddress.ip_address(dst).packed
    if v6:
        ph = s + d + struct.pack('!IxxxB', len(tcp), 6)
    else:
        ph = s + d + struct.pack('!xBH', 6, len(tcp))
    c = csum(ph + tcp)
    tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
    if v6:
        return struct.pack('!IHBB', 0x60000000, len(tcp), 6, 64) + s + d + tcp
    ip = struct.pack('!BBHHHBBH', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0) + s + d
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return ip + tcp
def tcp_of(p):
    if p[0] >> 4 == 4:
        if p[9] != 6: return None
        t = p[(p[0] & 15) * 4:]
    else:
        if p[6] != 6: return None
        t = p[40:]
    sp, dp, seq, ack, w = struct.unpack('!HHIIH', t[:14])
    return dict(sp=sp, dp=dp, seq=seq, ack=ack, flags=w & 0x1ff, plen=len(t) - (w >> 12) * 4)
def recv_tcp(timeout=2.0):
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], end - time.time())
        if not r: break
        p = os.read(fd, 65536)
        t = tcp_of(p)
        if t: return p, t
    raise RuntimeError('no tcp')
saved = {}
PEER_OPTS = lambda tsecr: b'\x02\x04\x05\xb4\x04\x02\x08\x0a' + struct.pack('!II', 1000, tsecr) + b'\x01\x03\x03\x07'
def ts_of(p):
    # find TS val in kernel packet
    t = p[(p[0] & 15) * 4:] if p[0] >> 4 == 4 else p[40:]
    o = t[20:(t[12] >> 4) * 4]; i = 0
    while i < len(o):
        if o[i] == 0: break
        if o[i] == 1: i += 1; continue
        if o[i] == 8: return struct.unpack('!I', o[i+2:i+6])[0]
        i += o[i+1]
    return 0
def session(v6, me, peer, tag):
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    # 1. kernel as client
    c = socket.socket(fam, socket.SOCK_STREAM); c.setblocking(False)
    try: c.connect((peer, 5000))
    except BlockingIOError: pass
    p, t = recv_tcp(); saved[tag + '_syn'] = p
    iss = 7000000
    os.write(fd, build(v6, peer, me, 5000, t['sp'], iss, t['seq'] + 1, 0x12, 65535, PEER_OPTS(ts_of(p))))
    p, t = recv_tcp(); saved[tag + '_ack'] = p
    c.setblocking(True); c.send(b'hello tcpcert\n')
    p, t = recv_tcp(); saved[tag + '_data'] = p
    os.write(fd, build(v6, peer, me, 5000, t['sp'], iss + 1, t['seq'] + t['plen'], 0x10, 1000,
                       b'\x01\x01\x08\x0a' + struct.pack('!II', 1001, ts_of(p))))
    os.write(fd, build(v6, peer, me, 5000, t['sp'], iss + 1 + 5, t['seq'] + t['plen'], 0x18, 1000,
                       b'\x01\x01\x08\x0a' + struct.pack('!II', 1002, ts_of(p)), b'0123456789'))
    p, t = recv_tcp(); saved[tag + '_sack'] = p
    c.close()
    p, t = recv_tcp(); saved[tag + '_fin'] = p
    # 2. kernel as server
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((me, 6000)); s.listen(1)
    os.write(fd, build(v6, peer, me, 40000, 6000, 123456, 0, 0x02, 65535, PEER_OPTS(0)))
    p, t = recv_tcp(); saved[tag + '_synack'] = p
    # 3. closed port -> RST
    os.write(fd, build(v6, peer, me, 40001, 6001, 555, 0, 0x02, 65535, PEER_OPTS(0)))
    p, t = recv_tcp(); saved[tag + '_rst'] = p
    s.close()
session(False, '10.0.0.1', '10.0.0.2', 'v4')
session(True, 'fd00::1', 'fd00::2', 'v6')
os.makedirs('/tmp/cap2/bins', exist_ok=True)
# pcap with DLT_RAW (101)
with open('/tmp/cap2/k.pcap', 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    for k, p in saved.items():
        open('/tmp/cap2/bins/%s.bin' % k, 'wb').write(p)
        f.write(struct.pack('<IIII', 0, 0, len(p), len(p)) + p)
print(list(saved))
