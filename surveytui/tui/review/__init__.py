"""The review screen: an evaluator's interactive view of the numbers `analyze` computes."""

from surveytui.tui.review.app import ReviewApp, create_review_app, run_review

__all__ = ["ReviewApp", "create_review_app", "run_review"]
