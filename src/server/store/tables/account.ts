/** Table types: The account, its technicians and their API tokens, the companies they serve and their contacts, and account-wide settings. Times are epoch milliseconds; flags are 0/1 integers. */
import type { Generated } from 'kysely';

type Id = Generated<number>;

export interface AccountTable {
  id: Id;
  name: string;
  created_at: number;
}

export interface TechnicianTable {
  id: Id;
  name: string;
  email: string;
  is_admin: number;
  can_unmask: number;
  /** May see every report figure (0007). */
  can_report: Generated<number>;
  /** Gets notifications by mail too, 1 or 0 (0015). */
  mail_notifications: Generated<number>;
  created_at: number;
}

export interface ApiTokenTable {
  id: Id;
  technician_id: number;
  token_hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface CompanyTable {
  id: Id;
  name: string;
  created_at: number;
}

export interface ContactTable {
  id: Id;
  company_id: number;
  name: string;
  email: string;
  phone: string | null;
  created_at: number;
}

export interface GrantTable {
  technician_id: number;
  company_id: number;
  created_at: number;
}

/** Account-wide settings (0003), key/value. */
export interface SettingTable {
  key: string;
  value: string;
  updated_by_id: number | null;
  updated_at: number;
}
