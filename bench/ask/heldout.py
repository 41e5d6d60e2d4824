# A check-only set: 18 questions of the kinds the nlq set has, asked of the demo data (orders, customers,
# products), which no parser rule was written against. Run after `ASSAY_HOME=/tmp/heldout assay demo-data`:
#   python3 bench/ask/heldout.py   (ASSAY_JAR, ASSAY_HOME override the jar and data directory)
# Scored like shared/nlq: same row count, every reference row found within an answer row (numbers to 4 places).
import subprocess, json, sys, csv, io
import os
JAR = os.environ.get("ASSAY_JAR", "assay-cli/target/assay.jar")
ENV = dict(os.environ, ASSAY_HOME=os.environ.get("ASSAY_HOME", "/tmp/heldout"))
Q = [
 ("orders","How many orders are there?","SELECT count(*) FROM orders"),
 ("orders","What is the sum of total amount?","SELECT sum(total_amount) FROM orders"),
 ("orders","How many orders were paid by gift_card?","SELECT count(*) FROM orders WHERE payment_method='gift_card'"),
 ("orders","What is the average discount by channel?","SELECT channel, avg(discount) FROM orders GROUP BY 1"),
 ("orders","Which 3 regions have the most orders?","SELECT region, count(*) n FROM orders GROUP BY 1 ORDER BY n DESC LIMIT 3"),
 ("orders","How many orders were placed in 2024?","SELECT count(*) FROM orders WHERE year(order_date)=2024"),
 ("orders","What is the maximum shipping cost?","SELECT max(shipping_cost) FROM orders"),
 ("orders","Number of orders per status","SELECT status, count(*) FROM orders GROUP BY 1"),
 ("orders","How many orders have more than 5 items?","SELECT count(*) FROM orders WHERE item_count > 5"),
 ("orders","What is the average total amount of orders from APAC?","SELECT avg(total_amount) FROM orders WHERE region='APAC'"),
 ("orders","How many distinct customers placed orders?","SELECT count(DISTINCT customer_id) FROM orders"),
 ("orders","Which payment method has the highest total amount?","SELECT payment_method FROM orders GROUP BY 1 ORDER BY sum(total_amount) DESC LIMIT 1"),
 ("orders","What was the total discount in January 2025?","SELECT sum(discount) FROM orders WHERE order_date >= DATE '2025-01-01' AND order_date < DATE '2025-02-01'"),
 ("products","How many products are there?","SELECT count(*) FROM products"),
 ("customers","How many customers per country?","SELECT country, count(*) FROM customers GROUP BY 1"),
 ("orders","What is the minimum total amount for each region?","SELECT region, min(total_amount) FROM orders GROUP BY 1"),
 ("orders","How many orders were cancelled?","SELECT count(*) FROM orders WHERE status='cancelled'"),
 ("orders","What is the total of total amount and shipping cost?","SELECT sum(total_amount + shipping_cost) FROM orders"),
]
def run(*args):
    return subprocess.run(["java","-jar",JAR,*args],capture_output=True,text=True,env=ENV,timeout=120)
def rows(sql):
    r=run("query",sql,"--format","csv")
    if r.returncode: return None
    out=list(csv.reader(io.StringIO(r.stdout)))[1:]
    def norm(v):
        try: return str(round(float(v),4))
        except: return v
    return sorted(tuple(norm(v) for v in row) for row in out)
ok=0
for t,q,ref in Q:
    r=run("ask",q,"--dataset",t,"--sql-only")
    sql=r.stdout.strip()
    if r.returncode:
        print("DECLINED",q,"|",(r.stderr.strip().splitlines() or [""])[0][:150]); continue
    a,b=rows(sql),rows(ref)
    good = a is not None and b is not None and len(a)==len(b) and all(any(set(rr)<=set(ar) for ar in a) for rr in b)
    ok+=good
    print("OK  " if good else "BAD ",q,"|",sql[:160])
print(f"{ok}/{len(Q)}")
