"""What users see, for every front end: command texts, rendering, the example picker."""
