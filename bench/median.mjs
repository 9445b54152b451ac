// The median of a list of numbers: in a module of its own, free of Node's modules, because the
// browser benchmark loads it too.

export const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
