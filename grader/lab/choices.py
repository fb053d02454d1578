"""What a lab run can be asked for, without importing numpy: the CLI's options are built from
it when the command starts."""

MODELS = ("mlp", "cnn", "rnn", "lstm")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
#: The five scenarios of the slides (:mod:`bigpicture.grader.lab.scenarios`), in order.
SCENARIO_NAMES = ("underfitting", "slow", "overfitting", "images", "sequences")
#: Digits kept out of every training set: the fixed test set, and the validation set.
TEST_SIZE, VALIDATION_SIZE = 297, 300
#: The most training images a run can ask for: what is left of the 1,797.
MAX_TRAIN = 1797 - TEST_SIZE - VALIDATION_SIZE
