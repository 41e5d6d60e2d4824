# A second check-only set: 13 new questions on the demo data (customers, products, orders, order_items), seven of
# them needing a join, written (with their reference SQL) before the join support was built or run on them.
# Each is asked with no --dataset, so the parser chooses among all four tables (and their joins) itself.
# Run after `ASSAY_HOME=/tmp/heldout assay demo-data`:
#   ASSAY_JAR=assay-cli/target/assay.jar python3 bench/ask/heldout2.py   (ASSAY_HOME overrides the data directory)
# Scored like shared/nlq: same row count, every reference row found within an answer row (numbers to 4 places).
import subprocess, sys, csv, io, os
JAR = os.environ.get("ASSAY_JAR", "assay-cli/target/assay.jar")
ENV = dict(os.environ, ASSAY_HOME=os.environ.get("ASSAY_HOME", "/tmp/heldout"))
OI_P = "order_items oi JOIN products p ON p.product_id = oi.product_id"
OI_O = "order_items oi JOIN orders o ON o.order_id = oi.order_id"
O_C = "orders o JOIN customers c ON c.customer_id = o.customer_id"
Q = [
 ("join", "Which 5 categories sold the most units?",
  f"SELECT p.category, sum(oi.quantity) q FROM {OI_P} GROUP BY 1 ORDER BY q DESC LIMIT 5"),
 ("join", "What is the total line amount per customer segment?",
  f"SELECT c.segment, sum(oi.line_amount) FROM {OI_O} JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1"),
 ("join", "How many orders were placed by Corporate customers?",
  f"SELECT count(*) FROM {O_C} WHERE c.segment = 'Corporate'"),
 ("join", "What is the average total amount per customer segment?",
  f"SELECT c.segment, avg(o.total_amount) FROM {O_C} GROUP BY 1"),
 ("join", "Which country has the highest total amount of orders?",
  f"SELECT c.country FROM {O_C} GROUP BY 1 ORDER BY sum(o.total_amount) DESC LIMIT 1"),
 ("join", "How many units of Urban Storage Baskets Max were sold in 2025?",
  f"SELECT sum(oi.quantity) FROM {OI_P} JOIN orders o ON o.order_id = oi.order_id WHERE p.product_name = 'Urban Storage Baskets Max' AND o.order_date >= DATE '2025-01-01' AND o.order_date < DATE '2026-01-01'"),
 ("join", "What was the total quantity sold per channel?",
  f"SELECT o.channel, sum(oi.quantity) FROM {OI_O} GROUP BY 1"),
 ("join", "What is the average shipping cost for customers from Germany?",
  f"SELECT avg(o.shipping_cost) FROM {O_C} WHERE c.country = 'Germany'"),
 ("single", "What is the average unit cost per category?",
  "SELECT category, avg(unit_cost) FROM products GROUP BY 1"),
 ("single", "How many customers signed up in 2024?",
  "SELECT count(*) FROM customers WHERE signup_date >= DATE '2024-01-01' AND signup_date < DATE '2025-01-01'"),
 ("single", "Which 3 channels have the highest average discount?",
  "SELECT channel, avg(discount) d FROM orders GROUP BY 1 ORDER BY d DESC LIMIT 3"),
 ("single", "How many order items have a quantity above 3?",
  "SELECT count(*) FROM order_items WHERE quantity > 3"),
 ("single", "Number of products launched per year",
  "SELECT year(launched_on), count(*) FROM products GROUP BY 1"),
]
def run(*args):
    return subprocess.run(["java", "-jar", JAR, *args], capture_output=True, text=True, env=ENV, timeout=180)
def rows(sql):
    r = run("query", sql, "--format", "csv")
    if r.returncode: return None
    out = list(csv.reader(io.StringIO(r.stdout)))[1:]
    def norm(v):
        try: return str(round(float(v), 4))
        except ValueError: return v
    return sorted(tuple(norm(v) for v in row) for row in out)
ok = 0
for kind, q, ref in Q:
    r = run("ask", q, "--sql-only")
    sql = r.stdout.strip()
    if r.returncode:
        print("DECLINED", kind, q, "|", (r.stderr.strip().splitlines() or [""])[0][:200]); continue
    a, b = rows(sql), rows(ref)
    good = a is not None and b is not None and len(a) == len(b) and all(any(set(rr) <= set(ar) for ar in a) for rr in b)
    ok += good
    print("OK  " if good else "BAD ", kind, q, "|", sql[:300])
print(f"{ok}/{len(Q)}")
