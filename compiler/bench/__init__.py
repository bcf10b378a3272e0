"""`aic bench`: suites (`suites`), the measuring loop (`run`), batched gates and hidden tests (`gate`), the
behaviour choice and the plot (`plot`)."""
