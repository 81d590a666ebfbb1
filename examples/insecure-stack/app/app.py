import os

import psycopg
import redis
from flask import Flask

app = Flask(__name__)
cache = redis.Redis.from_url(os.environ["REDIS_URL"])


@app.get("/")
def index() -> str:
    hits = cache.incr("hits")
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    return f"{orders} orders, {hits} visits\n"
