"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/** Closes the phone menu (a popover) when a link in it navigates without a page load. */
export function MenuCloser({ menuId }: { menuId: string }) {
  const pathname = usePathname();
  useEffect(() => {
    const menu = document.getElementById(menuId);
    if (menu?.matches(":popover-open")) menu.hidePopover();
  }, [pathname, menuId]);
  return null;
}
