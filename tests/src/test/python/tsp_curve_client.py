"""A 9/TSP client over CurveZMQ written from the specs with pyzmq (libzmq + libsodium), for the
security interop test.

Reads the broker's public key and this client's key pair from the Z85 key files that
`titanic keys generate` writes (one key line; '#' lines are comments), submits one request with
titanic.request, polls titanic.reply until the reply is there, prints the reply's body frames one
per line, then closes the request with titanic.close. Every call is an 7/MDP client request
([MDPC01][service][body...]) on a fresh REQ socket, retried 3 times with a 2.5 s timeout.

usage: tsp_curve_client.py ENDPOINT SERVER.key CLIENT.key CLIENT.key_secret SERVICE FRAME...
"""
import sys
import time

import zmq

HEADER = b"MDPC01"


def read_key(path):
    keys = [line.strip() for line in open(path, encoding="ascii")
            if line.strip() and not line.strip().startswith("#")]
    if len(keys) != 1 or len(keys[0]) != 40:
        raise SystemExit("%s: expected one Z85 key line" % path)
    return keys[0].encode("ascii")


def call(ctx, endpoint, keys, service, body):
    server, public, secret = keys
    for _ in range(3):
        sock = ctx.socket(zmq.REQ)
        sock.setsockopt(zmq.LINGER, 0)
        sock.curve_serverkey = server
        sock.curve_publickey = public
        sock.curve_secretkey = secret
        sock.connect(endpoint)
        sock.send_multipart([HEADER, service] + body)
        if sock.poll(2500):
            reply = sock.recv_multipart()
            sock.close()
            if len(reply) < 3 or reply[0] != HEADER or reply[1] != service:
                raise SystemExit("malformed reply: %r" % reply)
            return reply[2:]
        sock.close()
    raise SystemExit("no reply from %s for %r" % (endpoint, service))


def main():
    if not zmq.has("curve"):
        raise SystemExit("this libzmq has no CURVE support")
    endpoint = sys.argv[1]
    keys = (read_key(sys.argv[2]), read_key(sys.argv[3]), read_key(sys.argv[4]))
    service = sys.argv[5].encode()
    body = [frame.encode() for frame in sys.argv[6:]]
    ctx = zmq.Context()
    answer = call(ctx, endpoint, keys, b"titanic.request", [service] + body)
    if answer[0] != b"200" or len(answer) != 2:
        raise SystemExit("titanic.request answered %r" % answer)
    uuid = answer[1]
    deadline = time.monotonic() + 30
    while True:
        reply = call(ctx, endpoint, keys, b"titanic.reply", [uuid])
        if reply[0] == b"200":
            break
        if reply[0] != b"300" or time.monotonic() > deadline:
            raise SystemExit("titanic.reply answered %r" % reply)
        time.sleep(0.1)
    for frame in reply[1:]:
        print(frame.decode("utf-8", "replace"), flush=True)
    closed = call(ctx, endpoint, keys, b"titanic.close", [uuid])
    if closed[0] != b"200":
        raise SystemExit("titanic.close answered %r" % closed)
    ctx.term()


if __name__ == "__main__":
    main()
