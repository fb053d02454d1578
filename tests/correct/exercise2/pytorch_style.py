"""torch.optim.SGD's own logic: a momentum buffer that starts as a copy of the gradient."""


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    first = momentum == 0 or velocity is None
    buffer = dw.copy() if first else velocity * momentum + dw
    return w + (-lr) * buffer, buffer
