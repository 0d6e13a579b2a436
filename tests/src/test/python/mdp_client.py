"""A 7/MDP client written from the spec with pyzmq (libzmq), for the interop test.

Sends one request per line of arguments "SERVICE FRAME..." (frames separated by '|') and prints
one line per reply: the reply's service frame, then its body frames, joined by '|'.
Each request is retried up to 3 times with a 2.5 s timeout on a new REQ socket.

usage: mdp_client.py ENDPOINT "SERVICE|FRAME|FRAME" ...
"""
import sys

import zmq

HEADER = b"MDPC01"


def call(ctx, endpoint, service, body):
    for _ in range(3):
        sock = ctx.socket(zmq.REQ)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(endpoint)
        sock.send_multipart([HEADER, service] + body)
        if sock.poll(2500):
            reply = sock.recv_multipart()
            sock.close()
            if len(reply) < 2 or reply[0] != HEADER:
                raise SystemExit("malformed reply: %r" % reply)
            return reply[1:]
        sock.close()
    raise SystemExit("no reply from %s for %r" % (endpoint, service))


def main():
    ctx = zmq.Context()
    endpoint = sys.argv[1]
    for spec in sys.argv[2:]:
        parts = [p.encode() for p in spec.split("|")]
        reply = call(ctx, endpoint, parts[0], parts[1:])
        print("|".join(f.decode("utf-8", "replace") for f in reply), flush=True)
    ctx.term()


if __name__ == "__main__":
    main()
