"""`aic bench`: suites (`suites`), the measuring loop (`run`), batched gates and hidden tests (`gate`), the
agreement check (`agree`) and the plot (`plot`)."""
