"""The network lab's logic, free of Textual so it can be tested without a screen.

    steps       the sequence of operations of one pass, and which cells each one reads
    grading     "your turn": a typed number checked against one hidden entry
    downsample  long loss curves cut to a bounded number of points, spikes kept
    settings    the lab's form (dataset, layers, loss, optimizer, ...) and the network it builds
    session     the training state machine the train view drives from a worker thread
    boundary    the decision-boundary grid of a 2-D dataset
    matrix_text which rows and columns of a big matrix fit on the screen
"""
