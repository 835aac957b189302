"""The site shell: the service navigation (which lists every area), the home page and
its URL. It sits above every app (it may import any of them); the UI kit (`yjaudit.web`)
imports none and receives the navigation through `context_processors.navigation`."""
