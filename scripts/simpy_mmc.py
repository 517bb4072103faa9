"""M/M/c in SimPy, the model `cloudtutor sim scaling` runs for its Erlang C tests, for a speed comparison.

Usage: python3 scripts/simpy_mmc.py [REQUESTS]   (default 200000; prints requests per second of wall time)
"""
import random
import sys
import time

import simpy

C, LAM, MU = 10, 8.0, 1.0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rng = random.Random(1)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)
    waits = []

    def request(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))

    def source(env):
        for _ in range(n):
            yield env.timeout(rng.expovariate(LAM))
            env.process(request(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    secs = time.perf_counter() - start
    p_wait = sum(1 for w in waits if w > 0) / len(waits)
    print(f"simpy: {n} requests in {secs:.2f} s = {n / secs:,.0f} requests/s (P(wait) {p_wait:.4f}, theory 0.4092)")


if __name__ == "__main__":
    main()
