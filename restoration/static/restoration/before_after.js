/* Before/after sliders on record pages: the range input moves the edge of the "after" picture. */
document.querySelectorAll(".before-after").forEach((figure) => {
  const input = figure.querySelector("input[type=range]");
  const update = () => {
    figure.style.setProperty("--position", `${input.value}%`);
    input.setAttribute("aria-valuetext", `${input.value}%`);
  };
  input.addEventListener("input", update);
  update();
});
