// The look shared by every text-like form control (Input, Select, Textarea),
// so that a field looks the same whichever control it holds.
export const controlClasses =
  "rounded-md border border-input bg-surface px-3 py-2 text-sm text-foreground shadow-xs outline-none placeholder:text-muted-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger";
