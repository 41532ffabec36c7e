// Loaded in <head>: tell the stylesheet that JavaScript runs, so no-JS fallbacks step aside.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
