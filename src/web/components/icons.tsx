import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

/** Decorative line icons: always hidden from assistive technology, the text beside them speaks. */
function SvgIcon({ size = 18, children, ...props }: IconProps & { children: ReactNode }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export function IconDashboard(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="4" y="4" width="6" height="8" rx="1" />
      <rect x="4" y="16" width="6" height="4" rx="1" />
      <rect x="14" y="12" width="6" height="8" rx="1" />
      <rect x="14" y="4" width="6" height="4" rx="1" />
    </SvgIcon>
  );
}

export function IconBriefcase(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="3" y="7" width="18" height="13" rx="2" />
      <path d="M8 7v-2a2 2 0 0 1 2 -2h4a2 2 0 0 1 2 2v2" />
      <path d="M3 13a20 20 0 0 0 18 0" />
    </SvgIcon>
  );
}

export function IconTarget(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="1" />
      <circle cx="12" cy="12" r="5" />
      <circle cx="12" cy="12" r="9" />
    </SvgIcon>
  );
}

export function IconHash(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M5 9h14M5 15h14M11 4l-4 16M17 4l-4 16" />
    </SvgIcon>
  );
}

export function IconUsers(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="9" cy="7" r="4" />
      <path d="M3 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2" />
      <path d="M16 3.13a4 4 0 0 1 0 7.75" />
      <path d="M21 21v-2a4 4 0 0 0 -3 -3.85" />
    </SvgIcon>
  );
}

export function IconTeams(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="3" y="15" width="6" height="6" rx="2" />
      <rect x="15" y="15" width="6" height="6" rx="2" />
      <rect x="9" y="3" width="6" height="6" rx="2" />
      <path d="M6 15v-1a2 2 0 0 1 2 -2h8a2 2 0 0 1 2 2v1M12 9v3" />
    </SvgIcon>
  );
}

export function IconCreditCard(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="3" y="5" width="18" height="14" rx="3" />
      <path d="M3 10h18M7 15h.01M11 15h2" />
    </SvgIcon>
  );
}

export function IconFlag(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M5 5a5 5 0 0 1 7 0a5 5 0 0 0 7 0v9a5 5 0 0 1 -7 0a5 5 0 0 0 -7 0v-9zM5 21v-7" />
    </SvgIcon>
  );
}

export function IconFileText(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M14 3v4a1 1 0 0 0 1 1h4" />
      <path d="M17 21h-10a2 2 0 0 1 -2 -2v-14a2 2 0 0 1 2 -2h7l5 5v11a2 2 0 0 1 -2 2z" />
      <path d="M9 9h1M9 13h6M9 17h6" />
    </SvgIcon>
  );
}

export function IconShield(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M12 3a12 12 0 0 0 8.5 3a12 12 0 0 1 -8.5 15a12 12 0 0 1 -8.5 -15a12 12 0 0 0 8.5 -3" />
    </SvgIcon>
  );
}

export function IconSearch(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="10" cy="10" r="7" />
      <path d="M21 21l-6 -6" />
    </SvgIcon>
  );
}

export function IconChevronDown(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M6 9l6 6l6 -6" />
    </SvgIcon>
  );
}
export function IconChevronUp(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M6 15l6 -6l6 6" />
    </SvgIcon>
  );
}
export function IconSelector(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M8 9l4 -4l4 4M16 15l-4 4l-4 -4" />
    </SvgIcon>
  );
}
export function IconCheck(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M5 12l5 5l10 -10" />
    </SvgIcon>
  );
}

export function IconLogout(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M14 8v-2a2 2 0 0 0 -2 -2h-7a2 2 0 0 0 -2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2 -2v-2" />
      <path d="M9 12h12l-3 -3M18 15l3 -3" />
    </SvgIcon>
  );
}

export function IconAlertCircle(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 8v4M12 16h.01" />
    </SvgIcon>
  );
}

export function IconPencil(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M4 20h4l10.5 -10.5a2.828 2.828 0 1 0 -4 -4l-10.5 10.5v4M13.5 6.5l4 4" />
    </SvgIcon>
  );
}

export function IconTrash(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2 -2l1 -12M9 7v-3a1 1 0 0 1 1 -1h4a1 1 0 0 1 1 1v3" />
    </SvgIcon>
  );
}

export function IconBuilding(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M3 21h18M9 8h1M9 12h1M9 16h1M14 8h1M14 12h1M14 16h1M5 21v-16a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v16" />
    </SvgIcon>
  );
}

export function IconClock(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 3" />
    </SvgIcon>
  );
}

export function IconInfo(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 8h.01M11 12h1v4h1" />
    </SvgIcon>
  );
}

export function IconMail(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 7l9 6l9 -6" />
    </SvgIcon>
  );
}

export function IconUserPlus(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="9" cy="7" r="4" />
      <path d="M3 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2M16 11h6M19 8v6" />
    </SvgIcon>
  );
}

export function IconDots(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="5" cy="12" r="1" />
      <circle cx="12" cy="12" r="1" />
      <circle cx="19" cy="12" r="1" />
    </SvgIcon>
  );
}

export function IconSend(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M10 14l11 -11M21 3l-6.5 18a.55 .55 0 0 1 -1 0l-3.5 -7l-7 -3.5a.55 .55 0 0 1 0 -1l18 -6.5" />
    </SvgIcon>
  );
}

export function IconBan(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M5.7 5.7l12.6 12.6" />
    </SvgIcon>
  );
}

export function IconExternalLink(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M12 6h-6a2 2 0 0 0 -2 2v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2 -2v-6M11 13l9 -9M15 4h5v5" />
    </SvgIcon>
  );
}

export function IconRefresh(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M20 11a8.1 8.1 0 0 0 -15.5 -2m-.5 -4v4h4M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4" />
    </SvgIcon>
  );
}

export function IconInbox(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <rect x="4" y="4" width="16" height="16" rx="2" />
      <path d="M4 13h3l3 3h4l3 -3h3" />
    </SvgIcon>
  );
}

export function IconUpload(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2 -2v-2M7 9l5 -5l5 5M12 4v12" />
    </SvgIcon>
  );
}

export function IconDownload(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2 -2v-2M7 11l5 5l5 -5M12 4v12" />
    </SvgIcon>
  );
}

export function IconFileSpreadsheet(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M14 3v4a1 1 0 0 0 1 1h4" />
      <path d="M17 21h-10a2 2 0 0 1 -2 -2v-14a2 2 0 0 1 2 -2h7l5 5v11a2 2 0 0 1 -2 2z" />
      <path d="M8 11h8v7h-8zM8 15h8M11 11v7" />
    </SvgIcon>
  );
}

export function IconArrowLeft(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M5 12h14M5 12l6 6M5 12l6 -6" />
    </SvgIcon>
  );
}

export function IconCircleCheck(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M9 12l2 2l4 -4" />
    </SvgIcon>
  );
}

export function IconHelp(props: IconProps) {
  return (
    <SvgIcon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6" />
      <path d="M12 17h.01" />
    </SvgIcon>
  );
}
