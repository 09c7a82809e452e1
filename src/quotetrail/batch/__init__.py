"""The archive batch: the analysis as an Apache Spark job writing Parquet tables (``job``), its
inputs including WARC archives (``readers``), the table rows (``rows``, ``schema``), and loading
the tables into a store (``load``). Needs the ``spark`` extra: pyspark, warcio, pyarrow."""
