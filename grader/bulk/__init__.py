"""Bulk grading for instructors: `bigpicture grade`, and the same from Python.

- ``grade``: grade a class folder into an out folder (``grade_folder``), or one Gradescope
  submission (``grade_gradescope``): the library the command wraps.
- ``submissions``: find submissions (folders or zips) and read their exercise files safely.
- ``runner``: grades a class in parallel with the same checks as `bigpicture check`.
- ``store``: the SQLite database of results, committed one submission at a time (resumable).
- ``exports``: grades.csv, results.json, junit.xml and Gradescope files, made from the store.
"""
