"""A 7/MDP worker written from the spec with pyzmq (libzmq), for the interop test.

Serves SERVICE: replies to each request with its frames upper-cased. Heartbeats the broker,
reconnects after the broker has been silent for LIVENESS intervals, exits after the deadline.

usage: mdp_worker.py ENDPOINT SERVICE DEADLINE_SECONDS
"""
import sys
import time

import zmq

HEADER = b"MDPW01"
READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT = b"\x01", b"\x02", b"\x03", b"\x04", b"\x05"
INTERVAL = 0.25
LIVENESS = 3


def connect(ctx, endpoint, service):
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send_multipart([b"", HEADER, READY, service])
    return sock


def main():
    endpoint, service, deadline = sys.argv[1], sys.argv[2].encode(), time.monotonic() + float(sys.argv[3])
    ctx = zmq.Context()
    sock = connect(ctx, endpoint, service)
    last_heard = last_sent = time.monotonic()
    served = 0
    print("ready", flush=True)
    while time.monotonic() < deadline:
        if sock.poll(int(INTERVAL * 1000)):
            frames = sock.recv_multipart()
            last_heard = time.monotonic()
            if len(frames) < 3 or frames[0] != b"" or frames[1] != HEADER:
                continue
            command = frames[2]
            if command == REQUEST and len(frames) >= 5:
                client, body = frames[3], frames[5:]
                sock.send_multipart([b"", HEADER, REPLY, client, b""] + [f.upper() for f in body])
                last_sent = time.monotonic()
                served += 1
            elif command == DISCONNECT:
                sock.close()
                sock = connect(ctx, endpoint, service)
        now = time.monotonic()
        if now - last_heard > INTERVAL * LIVENESS * 4:
            sock.close()
            sock = connect(ctx, endpoint, service)
            last_heard = now
        if now - last_sent >= INTERVAL:
            sock.send_multipart([b"", HEADER, HEARTBEAT])
            last_sent = now
    sock.send_multipart([b"", HEADER, DISCONNECT])
    sock.close()
    ctx.term()
    print("served", served, flush=True)


if __name__ == "__main__":
    main()
