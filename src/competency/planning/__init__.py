"""Planning: learning paths through the modules."""

from competency.planning.path import LearningPath, learning_path

__all__ = ["LearningPath", "learning_path"]
