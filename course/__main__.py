"""`python -m bigpicture.course` runs the `bigpicture` command."""

from bigpicture.course.cli import main

main()
