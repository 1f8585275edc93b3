"""Full-screen views of the app; each one composes widgets and reacts to typed messages."""
