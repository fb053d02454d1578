"""Never replaces velocity=None by zeros, so the first step multiplies None.

DIAGNOSIS: velocity is None before the first step: start from zeros with `if velocity is None:
velocity = np.zeros_like(w)`.
"""


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next, velocity_next
