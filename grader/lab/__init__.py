"""The training lab: small nets built from the course's parts (the learner's, where passed, else
the reference engine's), trained on real data, to show the three troubles and their fixes."""
