// Navigation between the pages, for pages that move on after an action.
// The router in main.js draws the page of the address.

let said = "";

// go shows the page at path: by changing the address, or, when the address
// is already path, by asking the router to draw the page again. done, when
// given, says what the action that moves on did; the router announces it
// once the page is drawn.
export function go(path, done = "") {
  said = done;
  if (location.hash === "#" + path) window.dispatchEvent(new CustomEvent("sintra:redraw"));
  else location.hash = path;
}

// message hands the router what the last action did, once.
export function message() {
  const m = said;
  said = "";
  return m;
}
