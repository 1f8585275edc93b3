"""Quizzes: generated gradient questions, the answer language, grading and misconceptions."""

from bp_tutor.quiz.grading import grade
from bp_tutor.quiz.kinds import KINDS, generate
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS

__all__ = ["KINDS", "MISCONCEPTIONS", "generate", "grade"]
