"""Writes inputs/NNN.in: access-log lines, about 1 % malformed. Run: python3 gen.py"""

import random
from pathlib import Path

SIZES = [40, 4000, 8000, 14000]  # lines per input
SERVICES = ["auth-api", "billing", "cart", "catalog", "checkout", "gateway", "inventory", "mailer",
            "notifications", "orders", "payments", "search", "sessions", "shipping"]
LEVELS = ["DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"]
PATHS = ["/v1/users/{}", "/v1/orders/{}", "/v2/items/{}/stock", "/healthz", "/v1/search", "/static/app.{}.js"]


def line(rng: random.Random) -> str:
    stamp = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:" \
            f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    service = rng.choice(SERVICES)
    latency = int(rng.lognormvariate(3.5, 1.0))
    status = rng.choices([200, 201, 204, 301, 404, 429, 500, 502, 503], [60, 8, 4, 3, 8, 3, 6, 4, 4])[0]
    path = rng.choice(PATHS).format(rng.randint(1, 99999))
    text = f"{stamp} level={rng.choice(LEVELS)} svc={service} latency_ms={latency} path={path} status={status}"
    if rng.random() < 0.01:  # a truncated or garbled line
        text = text[: rng.randint(10, len(text) - 1)] if rng.random() < 0.5 else text.replace("svc=", "service=")
    return text


def main() -> None:
    folder = Path(__file__).parent / "inputs"
    folder.mkdir(exist_ok=True)
    for i, size in enumerate(SIZES):
        rng = random.Random(1000 + i)
        (folder / f"{i:03d}.in").write_text("".join(line(rng) + "\n" for _ in range(size)))


if __name__ == "__main__":
    main()
