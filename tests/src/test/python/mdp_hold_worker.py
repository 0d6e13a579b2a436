"""A 7/MDP worker (pyzmq) that holds each request for a while, for the network fault test.

Serves SERVICE: replies to each request HOLD_SECONDS after it arrived with its frames
upper-cased, heartbeating the broker all the while (a busy worker must stay alive). Prints one
line per event so the test can count executions: "start BODY", "reply BODY", and "dropped BODY"
for a request given up because the broker fell silent (the worker then reconnects, as 7/MDP
says, and the broker has re-dispatched that request elsewhere). Exits after the deadline.

usage: mdp_hold_worker.py ENDPOINT SERVICE HOLD_SECONDS DEADLINE_SECONDS
"""
import sys
import time

import zmq

from mdp_worker import DISCONNECT, HEADER, HEARTBEAT, INTERVAL, LIVENESS, REPLY, REQUEST, connect


def main():
    endpoint, service = sys.argv[1], sys.argv[2].encode()
    hold, deadline = float(sys.argv[3]), time.monotonic() + float(sys.argv[4])
    ctx = zmq.Context()
    sock = connect(ctx, endpoint, service)
    last_heard = last_sent = time.monotonic()
    held = None  # (due, client address, body frames)
    print("ready", flush=True)
    while time.monotonic() < deadline:
        now = time.monotonic()
        wait = INTERVAL if held is None else max(0.0, min(INTERVAL, held[0] - now))
        if sock.poll(int(wait * 1000)):
            frames = sock.recv_multipart()
            last_heard = time.monotonic()
            if len(frames) >= 5 and frames[0] == b"" and frames[1] == HEADER and frames[2] == REQUEST:
                held = (last_heard + hold, frames[3], frames[5:])
                print("start", b"|".join(held[2]).decode(), flush=True)
            elif len(frames) >= 3 and frames[2] == DISCONNECT:
                sock, held = reconnect(ctx, sock, endpoint, service, held)
        now = time.monotonic()
        if held is not None and now >= held[0]:
            sock.send_multipart([b"", HEADER, REPLY, held[1], b""] + [f.upper() for f in held[2]])
            print("reply", b"|".join(held[2]).decode(), flush=True)
            held, last_sent = None, now
        if now - last_heard > INTERVAL * LIVENESS * 4:
            sock, held = reconnect(ctx, sock, endpoint, service, held)
            last_heard = now
        if now - last_sent >= INTERVAL:
            sock.send_multipart([b"", HEADER, HEARTBEAT])
            last_sent = now
    sock.close()
    ctx.term()


def reconnect(ctx, sock, endpoint, service, held):
    if held is not None:
        print("dropped", b"|".join(held[2]).decode(), flush=True)
    print("reconnect", flush=True)
    sock.close()
    return connect(ctx, endpoint, service), None


if __name__ == "__main__":
    main()
