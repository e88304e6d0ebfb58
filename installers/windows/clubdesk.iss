; ClubDesk setup for Windows: Inno Setup 6.3 or newer (https://jrsoftware.org/isinfo.php).
; Normally run by installers\windows\build.ps1, which builds dist\clubdesk first and passes:
;
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DDistDir=...\dist\clubdesk
;        [/DIconFile=...\clubdesk.ico] [/DSign] /O...\dist installers\windows\clubdesk.iss
;
; AppVersion is the version the build recorded (pyproject's [project].version); it is never
; written here. The result is dist\clubdesk-VERSION-setup.exe.
;
; - Per user, no administrator: installs into %LOCALAPPDATA%\Programs\ClubDesk ({autopf} with
;   PrivilegesRequired=lowest), Start menu entry, optional desktop shortcut.
; - The shop's data (database, backups, licence, logs) is not in the program folder but in
;   %LOCALAPPDATA%\ClubDesk\ClubDesk (platformdirs.user_data_dir("ClubDesk", "ClubDesk"), see
;   src\clubdesk\paths.py). Uninstalling keeps it, unless the owner answers Yes to the
;   question at the end (default No; a silent uninstall never deletes it).
; - This file is UTF-8 with a byte-order mark: Inno Setup reads non-ASCII text (the Persian
;   messages below) only from such a file. Keep the BOM when editing.
; - Persian: Inno Setup's Persian.isl is an unofficial translation (not in its Languages
;   folder). Put it next to this script (installers\windows\Persian.isl, from
;   https://jrsoftware.org/files/istrans/) and the setup offers Persian and English;
;   without it, English only.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.ps1 reads it from the build)
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\clubdesk"
#endif
#if !FileExists(AddBackslash(DistDir) + "clubdesk.exe")
  #error No clubdesk.exe in DistDir: build the one-folder app first (build.ps1)
#endif
#define PersianIsl AddBackslash(SourcePath) + "Persian.isl"
#if FileExists(PersianIsl)
  #define WithPersian
#else
  #pragma message "Persian.isl not found next to clubdesk.iss: building an English-only setup"
#endif

#define AppName "ClubDesk"
; Where the app keeps the shop's data: platformdirs' user_data_dir(appname, appauthor).
#define DataDir "{localappdata}\ClubDesk\ClubDesk"

[Setup]
; The AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6B0F3C52-7E1A-4C8B-9D35-2F6A1E9B7C40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ClubDesk
AppPublisherURL=https://clubdesk.ir
AppSupportURL=https://clubdesk.ir
#ifdef AppVersionNumeric
VersionInfoVersion={#AppVersionNumeric}
#endif
VersionInfoProductName={#AppName}
VersionInfoProductTextVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=clubdesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\clubdesk.exe
UninstallDisplayName={#AppName}
; Close a running ClubDesk before replacing its files (Restart Manager), start it again after.
CloseApplications=yes
RestartApplications=yes
#ifdef Sign
; build.ps1 passes /Ssigntool=... when CLUBDESK_SIGNTOOL is set.
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#ifdef WithPersian
Name: "persian"; MessagesFile: "{#PersianIsl}"
#endif

[CustomMessages]
english.DeleteData=Also delete this computer's ClubDesk data?%n%n%1%n%nIt holds the shop's members, points, licence and the automatic backups. Answer No to keep it (installing ClubDesk again finds it). Deleted data cannot be brought back unless you have a backup elsewhere.
english.DataDeleteFailed=Some of the ClubDesk data could not be deleted:%n%1
#ifdef WithPersian
persian.DeleteData=اطلاعات کلاب‌دسک روی این رایانه هم پاک شود؟%n%n%1%n%nاعضا، امتیازها، مجوز و نسخه‌های پشتیبان خودکار فروشگاه در این پوشه است. برای نگه‌داشتن آن «خیر» را بزنید (اگر کلاب‌دسک را دوباره نصب کنید همین اطلاعات را پیدا می‌کند). اطلاعات پاک‌شده برنمی‌گردد، مگر نسخهٔ پشتیبانی جای دیگری داشته باشید.
persian.DataDeleteFailed=بخشی از اطلاعات کلاب‌دسک پاک نشد:%n%1
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program folder's libraries wholesale: files an older version had and
; this one does not must not linger (Python modules would shadow the new ones).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\clubdesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\clubdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\clubdesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: only the program folder is removed. The question
; below is the one way the data goes, and only when the owner says so.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  DataDir := ExpandConstant('{#DataDir}');
  if UninstallSilent or not DirExists(DataDir) then
    exit;
  if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataDir]), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    exit;
  if not DelTree(DataDir, True, True, True) then
    MsgBox(FmtMessage(CustomMessage('DataDeleteFailed'), [DataDir]), mbError, MB_OK);
  // %LOCALAPPDATA%\ClubDesk, when nothing else is left in it.
  RemoveDir(ExtractFileDir(DataDir));
  // Per-machine settings (window size, language) that Qt keeps in the registry.
  RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\ClubDesk\ClubDesk');
  RegDeleteKeyWithoutSubkeys(HKEY_CURRENT_USER, 'Software\ClubDesk');
end;
